package org.tagllm.knime.nodes.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;
import org.tagllm.knime.engine.bank.BankConflictException;
import org.tagllm.knime.engine.bank.EnsembleEntry;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.bank.TagBanks;
import org.tagllm.knime.engine.method.FunctionTraining;
import org.tagllm.knime.engine.method.LabelledTask;
import org.tagllm.knime.engine.method.UncertaintyTraining;
import org.tagllm.knime.engine.service.FunctionTrainingJob;
import org.tagllm.knime.engine.service.TagEngineService;
import org.tagllm.knime.engine.split.Partition;
import org.tagllm.knime.engine.train.TrainingResult;
import org.tagllm.knime.engine.uncertainty.UncertaintyColumns;
import org.tagllm.knime.nodes.common.BaseModels;
import org.tagllm.knime.nodes.common.MetricsTable;
import org.tagllm.knime.nodes.common.ModelOutput;
import org.tagllm.knime.nodes.common.ModelOutputSpec;
import org.tagllm.knime.nodes.common.Resume;
import org.tagllm.knime.nodes.common.SkippedRows;
import org.tagllm.knime.nodes.exec.EngineJobs;
import org.tagllm.knime.nodes.exec.NodeCancelledException;
import org.tagllm.knime.nodes.exec.NodeFailedException;
import org.tagllm.knime.nodes.exec.NodeProgress;
import org.tagllm.knime.nodes.exec.SettingsException;
import org.tagllm.knime.nodes.input.RowRecords;
import org.tagllm.knime.nodes.model.ModelLookup;
import org.tagllm.knime.nodes.port.TagModelPortContent;
import org.tagllm.knime.nodes.port.TagModelSpec;
import org.tagllm.knime.nodes.port.TrainingCurve;
import org.tagllm.knime.nodes.table.RowInput;
import org.tagllm.knime.nodes.table.TableShape;

/**
 * Tag Trainer (stages 2 and 3): learns a function tag and its head on a labelled table, each input column behind a
 * domain tag from the input ports (merged; different base models or clashing tags are refused). Stage 3 follows when
 * the inputs stand behind two or more different domain tags. Outputs a tag-model port with the domain tags used, the
 * function tag, its head and task, and a metrics table (per epoch training and validation loss, then the final
 * validation and test metrics, which are also the flow variables).
 *
 * <p>The engine reads the table through {@link RowRecords} (no parsing round trip). A snapshot of exactly those
 * records is written as CSV in the work folder while the job runs, because the bank's provenance records the
 * SHA-256 of the data file; it is deleted afterwards.
 */
public final class TagTrainerNode {

    public static final String FINAL_TRAIN_LOSS = "final_train_loss";
    public static final String STEPS = "steps";
    public static final String STAGE = "stage";
    public static final String EPOCHS = "epochs";
    /** The epoch whose parameters the output holds (0 without validation). */
    public static final String BEST_EPOCH = "best_epoch";
    /** 1 when early stopping or the learning monitor's stop ended the run, else 0. */
    public static final String STOPPED_EARLY = "stopped_early";

    private TagTrainerNode() {}

    /** The output specs before execution; a classification head's outputs are unknown until its classes are seen. */
    public static ModelOutputSpec configure(List<TagModelSpec> ports, TableShape table, TagTrainerSettings settings)
            throws SettingsException {
        return configure(ports, table, null, settings);
    }

    /**
     * As {@link #configure(List, TableShape, TagTrainerSettings)}, with the optional validation table: when it is
     * connected ({@code validation} not null) the node validates on it and its own split settings are not used.
     */
    public static ModelOutputSpec configure(List<TagModelSpec> ports, TableShape table, TableShape validation,
            TagTrainerSettings settings) throws SettingsException {
        if (validation != null) {
            ValidationTable.check(table, validation, settings.columnsRead());
            return configure(ports, ValidationTable.shape(table), null, ValidationTable.settings(settings));
        }
        requirePorts(ports.size());
        BaseModels.requireSame(ports);
        String folder = BaseModels.folder(ports);
        settings.validate(table, ports);
        LabelledTask task = settings.task(table);
        List<TagModelSpec.Tag> tags = new ArrayList<>();
        for (String domain : task.inputs().stream().map(LabelledTask.Input::domainTag)
                .filter(Objects::nonNull).distinct().toList()) {
            TagModelSpec.Tag offered = ports.stream().flatMap(p -> p.tag(domain).stream()).findFirst().orElseThrow();
            tags.add(offered);
        }
        tags.add(new TagModelSpec.Tag(settings.functionTag(), TagModelSpec.FUNCTION, settings.vectors()));
        if (settings.taskType() != LabelledTask.Type.GENERATION) {
            for (int i = 1; i < settings.ensembleSize(); i++) { // the further members, applied through the first
                tags.add(new TagModelSpec.Tag(EnsembleEntry.memberTag(settings.functionTag(), i),
                        TagModelSpec.FUNCTION, settings.vectors()));
            }
        }
        List<TagModelSpec.Field> fields = task.inputs().stream().map(in -> new TagModelSpec.Field(in.column(),
                in.domainTag(), in.kind().name().toLowerCase(Locale.ROOT),
                in.tokenization().name().toLowerCase(Locale.ROOT))).toList();
        TagModelSpec.Task spec = new TagModelSpec.Task(settings.functionTag(),
                task.type().name().toLowerCase(Locale.ROOT), outputNames(settings), fields, uncertainty(settings));
        TagModelSpec model = new TagModelSpec(BaseModels.common(ports), folder, tags, List.of(spec));
        return new ModelOutputSpec(model, MetricsTable.SHAPE);
    }

    /**
     * What the predictor will name the outputs, when the settings alone tell. With calibration or the applicability
     * domain asked for, whether the bank holds them (and so the interval and domain columns) depends on the validation
     * rows there turn out to be:
     * the outputs are then known after execution, as a classifier's are.
     */
    private static List<String> outputNames(TagTrainerSettings s) {
        if ((s.calibrate() || s.applicabilityDomain()) && s.taskType() != LabelledTask.Type.GENERATION) {
            return null;
        }
        return switch (s.taskType()) {
            case REGRESSION -> s.targets().size() == 1 ? List.of(s.functionTag())
                    : IntStream.range(0, s.targets().size()).mapToObj(i -> s.functionTag() + "["
                            + i + "]").toList();
            case CLASSIFICATION -> null;
            case GENERATION -> List.of(s.functionTag());
        };
    }

    /** The uncertainty columns known before execution: an uncalibrated ensemble's spread, else none. */
    private static UncertaintyColumns uncertainty(TagTrainerSettings s) {
        return s.ensembleSize() > 1 && s.taskType() != LabelledTask.Type.GENERATION
                ? new UncertaintyColumns(true, false, false, false, false, Double.NaN) : UncertaintyColumns.NONE;
    }

    /**
     * Trains the function tag.
     *
     * @param ports   the tag models with the domain tags, at least one
     * @param workDir a folder for the temporary data snapshot (KNIME's node temp folder)
     */
    public static ModelOutput execute(List<TagModelPortContent> ports, RowInput table, TagTrainerSettings settings,
            TagEngineService engine, NodeProgress progress, Path workDir)
            throws SettingsException, NodeCancelledException, NodeFailedException, IOException {
        return execute(ports, table, null, settings, engine, progress, workDir, ModelLookup.LOCAL);
    }

    /**
     * Trains the function tag on every row of {@code table}, validating on every row of {@code validation} when it is
     * connected (not null); without it, the settings' split (a split column or a seeded random split) is used.
     */
    public static ModelOutput execute(List<TagModelPortContent> ports, RowInput table, RowInput validation,
            TagTrainerSettings settings, TagEngineService engine, NodeProgress progress, Path workDir)
            throws SettingsException, NodeCancelledException, NodeFailedException, IOException {
        return execute(ports, table, validation, settings, engine, progress, workDir, ModelLookup.LOCAL);
    }

    /**
     * As above, the base model found by {@code models}: the ports' location resolved on this machine, else the model
     * with the ports' fingerprint in the preference's model folders.
     */
    public static ModelOutput execute(List<TagModelPortContent> ports, RowInput table, RowInput validation,
            TagTrainerSettings settings, TagEngineService engine, NodeProgress progress, Path workDir,
            ModelLookup models) throws SettingsException, NodeCancelledException, NodeFailedException, IOException {
        if (validation != null) {
            return execute(ports, ValidationTable.of(table, validation, settings.columnsRead()), null,
                    ValidationTable.settings(settings), engine, progress, workDir, models);
        }
        List<TagModelSpec> specs = ports.stream().map(TagModelPortContent::spec).toList();
        configure(specs, table.shape(), settings);
        TagBank domains = merge(ports);
        LabelledTask task = settings.task(table.shape());
        progress.progress(0, "stage " + task.stage() + ": reading " + table.size() + " rows");
        RowRecords records = new RowRecords(table, "input table", settings.columnsRead());
        Path snapshot = Files.createTempFile(Files.createDirectories(workDir), "stage" + task.stage() + "-data-",
                ".csv");
        try {
            records.writeCsv(snapshot);
            String folder = BaseModels.folder(specs);
            FunctionTraining.Result result;
            try (Resume.Claim claim = Resume.claim(settings.training(), "Tag Trainer node")) {
                Path modelFolder = models.locate("base model folder of the input tag model", folder,
                        domains.baseModel());
                Path resumeFrom = Resume.from(settings.training(), progress);
                if (resumeFrom != null && settings.ensembleSize() > 1) {
                    throw new SettingsException("ensemble size", settings.ensembleSize(), "an ensemble cannot resume "
                            + "from the checkpoint in " + settings.training().checkpointFolder() + "; empty the "
                            + "checkpoint folder to train it again");
                }
                FunctionTrainingJob job = new FunctionTrainingJob(modelFolder, settings.device().strip(), domains,
                        task, records.dataSource(snapshot), settings.toEngine(), resumeFrom,
                        settings.toUncertainty());
                result = EngineJobs.run(engine, job, progress, 0.05, 0.95);
            }
            String skipped = SkippedRows.warning(result.report(), records::key);
            if (skipped != null) {
                progress.warning(skipped);
            }
            // As train says it: calibration is on by default, so a small table's "none stored" is news, not alarm.
            result.warnings().stream().filter(w -> w.startsWith(UncertaintyTraining.NO_CALIBRATION))
                    .forEach(w -> progress.progress(0.95, "calibration: " + w));
            result.warnings().stream().filter(w -> !w.startsWith(UncertaintyTraining.NO_CALIBRATION))
                    .forEach(progress::warning);
            Map<String, Double> metrics = new LinkedHashMap<>();
            result.validMetrics().forEach((k, v) -> metrics.put("valid." + k, v));
            result.testMetrics().forEach((k, v) -> metrics.put("test." + k, v));
            metrics.put(FINAL_TRAIN_LOSS, result.training().finalLoss());
            metrics.put(STEPS, (double) result.training().steps());
            metrics.put(STAGE, (double) result.stage());
            metrics.put(EPOCHS, (double) result.training().epochs());
            metrics.put(BEST_EPOCH, (double) result.training().bestEpoch());
            metrics.put(STOPPED_EARLY, result.training().stopReason() == TrainingResult.StopReason.COMPLETED
                    ? 0.0 : 1.0);
            for (Partition p : Partition.values()) {
                metrics.put(p.name().toLowerCase(Locale.ROOT) + "_rows", (double) result.sizes().getOrDefault(p, 0));
            }
            TrainingCurve curve = TrainingCurve.of("stage " + result.stage() + " " + settings.functionTag(),
                    result.training());
            List<TrainingCurve> curves = new ArrayList<>();
            ports.forEach(p -> curves.addAll(p.curves()));
            curves.add(curve);
            TagModelPortContent port = new TagModelPortContent(result.bank(), folder, curves, metrics);
            progress.progress(1, "trained " + settings.functionTag() + " in " + result.training().steps() + " steps"
                    + kept(result.training()));
            return new ModelOutput(port, MetricsTable.of(curve, metrics), metrics);
        } finally {
            Files.deleteIfExists(snapshot);
        }
    }

    /** How the run ended, for the last progress message: early stopping and the epoch whose parameters were kept. */
    static String kept(TrainingResult t) {
        String how = switch (t.stopReason()) {
            case COMPLETED -> "";
            case EARLY_STOPPED -> ", stopped early after epoch " + t.epochs();
            case STOPPED_ON_REQUEST -> ", stopped on request in epoch " + t.epochs();
        };
        return t.restoredBest() && t.bestEpoch() > 0 ? how + ", kept epoch " + t.bestEpoch() + " (best validation)"
                : how;
    }

    private static void requirePorts(int count) throws SettingsException {
        if (count < 1) {
            throw SettingsException.ofInputs("connect at least one tag model with the domain tags the inputs need");
        }
    }

    /** One bank with every port's tags; clashes are refused with the engine's message, which names both banks. */
    private static TagBank merge(List<TagModelPortContent> ports) throws NodeFailedException {
        if (ports.size() == 1) {
            return ports.get(0).bank();
        }
        try {
            return TagBanks.merge(ports.stream().map(TagModelPortContent::bank).toList());
        } catch (BankConflictException e) {
            throw new NodeFailedException("the input tag models do not fit together: " + e.getMessage(), e);
        }
    }
}
