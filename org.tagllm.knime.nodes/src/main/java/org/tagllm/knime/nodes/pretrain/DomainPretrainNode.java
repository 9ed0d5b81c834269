package org.tagllm.knime.nodes.pretrain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.tagllm.knime.engine.chem.InvalidMoleculeException;
import org.tagllm.knime.engine.data.BadRowPolicy;
import org.tagllm.knime.engine.data.ColumnKind;
import org.tagllm.knime.engine.method.DomainCorpus;
import org.tagllm.knime.engine.method.DomainPretraining;
import org.tagllm.knime.engine.service.DomainPretrainingJob;
import org.tagllm.knime.engine.service.TagEngineService;
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
import org.tagllm.knime.nodes.model.ModelLookup;
import org.tagllm.knime.nodes.input.CellText;
import org.tagllm.knime.nodes.port.TagModelPortContent;
import org.tagllm.knime.nodes.port.TagModelSpec;
import org.tagllm.knime.nodes.port.TrainingCurve;
import org.tagllm.knime.nodes.table.ColumnSpec;
import org.tagllm.knime.nodes.table.Row;
import org.tagllm.knime.nodes.table.RowInput;
import org.tagllm.knime.nodes.table.TableShape;

/**
 * Domain Tag Pretrain (stage 1): learns a domain tag by next-token prediction on one column of unlabelled text,
 * SMILES or sequences, the base model frozen. Outputs a tag-model port holding the tag and a metrics table (training
 * loss and held-out next-token loss per epoch, then the held-out loss untagged, with the tag at initialisation and
 * trained).
 *
 * <p>The engine reads a stage-1 corpus from a file only, so the column is written to a temporary CSV file in the
 * node's work folder and deleted afterwards. Missing cells and unreadable mol blocks are skipped with a warning (or
 * fail the node under the fail policy); values the engine refuses (invalid SMILES …) are skipped by the engine and
 * reported in the same warning, by row key.
 */
public final class DomainPretrainNode {

    /** Metrics (and flow variables) after execution. */
    public static final String HELDOUT_LOSS_UNTAGGED = "heldout_loss_untagged";
    public static final String HELDOUT_LOSS_TAG_INIT = "heldout_loss_tag_init";
    public static final String HELDOUT_LOSS_TRAINED = "heldout_loss_trained";
    public static final String FINAL_TRAIN_LOSS = "final_train_loss";
    public static final String STEPS = "steps";
    public static final String ROWS_USED = "rows_used";
    public static final String ROWS_SKIPPED = "rows_skipped";

    private DomainPretrainNode() {}

    /** The output specs before execution; the base model's fingerprint is left unknown (null). */
    public static ModelOutputSpec configure(TableShape table, DomainPretrainSettings settings)
            throws SettingsException {
        settings.validate(table);
        TagModelSpec model = new TagModelSpec(null, settings.baseModelFolder(),
                List.of(new TagModelSpec.Tag(settings.tagName(), TagModelSpec.DOMAIN, settings.vectors())),
                List.of());
        return new ModelOutputSpec(model, MetricsTable.SHAPE);
    }

    /**
     * Trains the tag.
     *
     * @param workDir a folder for the temporary corpus file (KNIME's node temp folder)
     */
    public static ModelOutput execute(RowInput table, DomainPretrainSettings settings, TagEngineService engine,
            NodeProgress progress, Path workDir)
            throws SettingsException, NodeCancelledException, NodeFailedException, IOException {
        return execute(table, settings, engine, progress, workDir, ModelLookup.LOCAL);
    }

    /**
     * As above, the base model folder resolved by {@code models} on this machine ({@code knime://} locations
     * relative to the workflow or mount point). The output port keeps the location as written, so it stays portable.
     */
    public static ModelOutput execute(RowInput table, DomainPretrainSettings settings, TagEngineService engine,
            NodeProgress progress, Path workDir, ModelLookup models)
            throws SettingsException, NodeCancelledException, NodeFailedException, IOException {
        settings.validate(table.shape());
        Path modelFolder = models.locate("base model folder", settings.baseModelFolder(), null);
        progress.progress(0, "reading column " + settings.column());
        ColumnKind kind = settings.columnKind(table.shape());
        Path corpusFile = Files.createTempFile(Files.createDirectories(workDir), "stage1-corpus-", ".csv");
        try {
            List<String> keys = writeCorpus(table, settings, corpusFile, progress);
            DomainCorpus corpus = new DomainCorpus(settings.tagName(), corpusFile, CORPUS_COLUMN, kind,
                    settings.tokenizationFor(kind));
            DomainPretraining.Result result;
            try (Resume.Claim claim = Resume.claim(settings.training(), "Domain Pretrain node")) {
                DomainPretrainingJob job = new DomainPretrainingJob(modelFolder,
                        settings.device().strip(), List.of(corpus), settings.toEngine(),
                        Resume.from(settings.training(), progress));
                result = EngineJobs.run(engine, job, progress, 0.05, 0.95);
            }
            DomainPretraining.DomainOutcome o = result.domains().get(0);
            String skipped = SkippedRows.warning(o.report(), n -> keys.get(Math.toIntExact(n - 1)));
            if (skipped != null) {
                progress.warning(skipped);
            }
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put(HELDOUT_LOSS_UNTAGGED, o.heldOutLossUntagged());
            metrics.put(HELDOUT_LOSS_TAG_INIT, o.heldOutLossBefore());
            metrics.put(HELDOUT_LOSS_TRAINED, o.heldOutLossAfter());
            metrics.put(FINAL_TRAIN_LOSS, result.training().finalLoss());
            metrics.put(STEPS, (double) result.training().steps());
            metrics.put(ROWS_USED, (double) o.report().rowsUsed());
            metrics.put(ROWS_SKIPPED, (double) (table.size() - o.report().rowsUsed()));
            TrainingCurve curve = TrainingCurve.of("stage 1 " + settings.tagName(), result.training());
            TagModelPortContent port = new TagModelPortContent(result.bank(), settings.baseModelFolder(),
                    List.of(curve), metrics);
            progress.progress(1, "trained " + settings.tagName() + " in " + result.training().steps() + " steps");
            return new ModelOutput(port, MetricsTable.of(curve, metrics), metrics);
        } finally {
            Files.deleteIfExists(corpusFile);
        }
    }

    /** The corpus file's one column. */
    static final String CORPUS_COLUMN = "text";

    /**
     * Writes the column's usable cells as a one-column CSV; returns the row key of every record written, in order.
     * Missing cells and unreadable mol blocks are left out with a warning, or fail the node.
     */
    private static List<String> writeCorpus(RowInput table, DomainPretrainSettings settings, Path file,
            NodeProgress progress) throws IOException, NodeFailedException {
        ColumnSpec column = table.shape().column(settings.column());
        int index = table.shape().index(column.name());
        List<String> keys = new ArrayList<>();
        List<String> left = new ArrayList<>();
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT);
                RowInput.RowIterator rows = table.rows()) {
            csv.printRecord(CORPUS_COLUMN);
            while (rows.hasNext()) {
                Row row = rows.next();
                String problem = null;
                String text = null;
                if (row.isMissing(index)) {
                    problem = "missing value";
                } else {
                    try {
                        text = CellText.of(row.cell(index), column.type());
                    } catch (InvalidMoleculeException e) {
                        problem = "unreadable mol block: " + e.reason();
                    }
                }
                if (problem != null) {
                    if (settings.badRows() == BadRowPolicy.FAIL) {
                        throw new NodeFailedException("row " + row.key() + ", column '" + column.name() + "': "
                                + problem + " (bad-row policy: fail)");
                    }
                    left.add(row.key() + " (" + problem + ")");
                    continue;
                }
                csv.printRecord(text);
                keys.add(row.key());
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (!left.isEmpty()) {
            progress.warning(left.size() + " of " + table.size() + " rows skipped before training: "
                    + String.join("; ", left.subList(0, Math.min(5, left.size())))
                    + (left.size() > 5 ? "; …" : ""));
        }
        return keys;
    }
}
