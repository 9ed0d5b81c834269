package org.tagllm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.memory.Workload;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.bank.TagBanks;
import org.tagllm.knime.engine.data.BadRowPolicy;
import org.tagllm.knime.engine.data.ColumnKind;
import org.tagllm.knime.engine.io.AtomicFiles;
import org.tagllm.knime.engine.method.FunctionTraining.Settings;
import org.tagllm.knime.engine.method.FunctionTraining;
import org.tagllm.knime.engine.method.LabelledTask;
import org.tagllm.knime.engine.method.UncertaintyTraining;
import org.tagllm.knime.engine.split.SplitFractions;
import org.tagllm.knime.engine.split.SplitSpec;
import org.tagllm.knime.engine.tags.Tokenization;
import org.tagllm.knime.engine.train.TrainingCancelledException;
import org.tagllm.knime.engine.train.TrainingCheckpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tagllm train}: stages 2 and 3, a function tag and its head on labelled data. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Stages 2 and 3: learn a function tag and its task head on a labelled table, through the "
                + "frozen model. Domain tags come from --bank (stage-1 banks, merged; name clashes and foreign base "
                + "models are refused) and stay frozen unless --enrich. Inputs with two different domain tags make "
                + "it stage 3.",
            "Writes a bank with the domain tags used, the function tag, its head and the task layout, so that "
                    + "'predict' needs nothing else; its loss curve goes beside it (OUT.loss.png)."})
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--bank", paramLabel = "DIR", description = "Banks holding the domain tags (repeatable).")
    List<Path> banks = new ArrayList<>();

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "Labelled table (CSV/TSV).")
    Path data;

    @Option(names = "--function-tag", required = true, paramLabel = "TAG", description = "The new function tag, e.g. <QED>.")
    String functionTag;

    @Option(names = "--task", paramLabel = "TASK", defaultValue = "regression", converter = EnumOptions.TaskType.class,
            description = "regression, classification or generation (default: ${DEFAULT-VALUE}).")
    LabelledTask.Type task;

    @Option(names = "--input", required = true, paramLabel = "COL[:KIND[:TOKENS]]=TAG",
            description = {"An input column, its kind (${bundle:kinds}) and its domain tag, in reading order, "
                    + "e.g. 'sequence:protein=<Protein>' then 'smiles:smiles=<SMILES>'.",
                "TOKENS: 'character' (one token per character, the default for smiles and protein) or 'model' "
                        + "(the model's tokenizer, the default for text)."})
    List<String> inputs;

    @Option(names = "--target", paramLabel = "COL", description = "Numeric target column (regression; repeatable).")
    List<String> targets = new ArrayList<>();

    @Option(names = "--label", paramLabel = "COL",
            description = "Class label column (classification), or the answer text column (generation).")
    String label;

    @Option(names = "--split-column", paramLabel = "COL",
            description = "Column naming each row's part: train…/valid…/test (Davis' train0–3 train, train4 valid); "
                    + "without a validation part, one is carved from training by --valid.")
    String splitColumn;

    @Mixin
    SplitOptions split;

    @Option(names = "--valid", paramLabel = "SHARE", defaultValue = "" + Settings.DEFAULT_VALID_FRACTION, description = "Validation share (default: ${DEFAULT-VALUE}).")
    double valid;

    @Option(names = "--test", paramLabel = "SHARE", defaultValue = "" + Settings.DEFAULT_TEST_FRACTION, description = "Test share of a random split (default: ${DEFAULT-VALUE}).")
    double test;

    @Option(names = "--vectors", paramLabel = "N", defaultValue = "" + Settings.DEFAULT_VECTORS, description = "Vectors of the function tag, p (default: ${DEFAULT-VALUE}).")
    int vectors;

    @Option(names = "--max-tokens-per-field", split = ",", paramLabel = "COL=N",
            description = "Tokens per input value at most, by input column (e.g. smiles=96,sequence=256); a longer "
                    + "value is cut to its cap first. Recorded in the bank, so predict holds inputs the same way.")
    Map<String, Integer> maxTokensPerField = new LinkedHashMap<>();

    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "" + Settings.DEFAULT_MAX_TOKENS, description = "Positions per example at most; longer inputs are cut (default: ${DEFAULT-VALUE}, capped by the model).")
    int maxTokens;

    @Option(names = "--max-train", paramLabel = "N", defaultValue = "0", description = "Training rows at most (0 = all).")
    int maxTrain;

    @Option(names = "--max-eval", paramLabel = "N", defaultValue = "0",
            description = "Validation and test rows at most, each, sampled by the seed (0 = all).")
    int maxEval;

    @Option(names = "--enrich", description = "Stage 2: also train the domain tag.")
    boolean enrich;

    @Option(names = "--isolate-segments", description = "Each tagged segment attends to nothing before it.")
    boolean isolate;

    @Option(names = "--bad-rows", paramLabel = "POLICY", defaultValue = "skip", converter = EnumOptions.BadRows.class,
            description = "skip or fail (default: ${DEFAULT-VALUE}).")
    BadRowPolicy badRows;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The tag bank to write.")
    Path out;

    @Option(names = "--join", paramLabel = "ID=FILE:COL[,COL]",
            description = "Join a pair table's id column with a lookup table of the same key column, bringing in the "
                    + "named columns (repeatable), e.g. 'drug_idx=davis_drugs.csv:smiles'.")
    List<String> joins = new ArrayList<>();

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    Path json;

    @Option(names = "--ensemble", paramLabel = "K", defaultValue = "1",
            description = "Train K function tags and heads with seeds SEED, SEED+1 … over the same frozen domain tags, "
                    + "in one bank; predictions are their mean, with their standard deviation (default: ${DEFAULT-VALUE}).")
    int ensemble;

    @Option(names = "--coverage", paramLabel = "SHARE", defaultValue = "0.9",
            description = "Coverage of the conformal intervals (regression) or prediction sets (classification), "
                    + "calibrated on the validation rows (default: ${DEFAULT-VALUE}).")
    double coverage;

    @Mixin
    ConformalOptions conformal = new ConformalOptions();

    @Option(names = "--no-calibration", description = "Store no conformal calibration: predictions then carry no "
            + "interval or set, nor the applicability domain unless --domain.")
    boolean noCalibration;

    @Option(names = "--domain", negatable = true, description = "Store the applicability domain (ECFP4 similarity, "
            + "readout distance percentile and flag, protein sequence identity): by default whenever the calibration "
            + "is; --no-domain leaves it out, --domain with --no-calibration stores it alone.")
    Boolean domain;

    @Mixin
    TrainingOptions training;

    @Mixin
    ImbalanceOptions imbalance;

    @Override
    public Integer call() throws Exception {
        try (TrainingOutputs outputs = TrainingOutputs.claim("tagllm train", out, json, training)) {
            return train(outputs);
        }
    }

    private int train(TrainingOutputs outputs) throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        LabelledTask.Type type = task;
        checkShares();
        List<LabelledTask.Input> fields = inputs.stream().map(TrainCommand::input).toList();
        LabelledTask labelled = new LabelledTask(functionTag, type, fields, targets, label, isolate);
        List<TagBank> read = new ArrayList<>();
        for (Path b : banks) {
            read.add(TagBank.read(b));
        }
        TagBank domains = read.isEmpty() ? null : read.size() == 1 ? read.get(0) : TagBanks.merge(read);
        var settings = FunctionTraining.Settings.builder().optVectors(vectors).optMaxTokens(maxTokens)
                .optBadRows(badRows).optSplitColumn(splitColumn).optValidFraction(valid).optTestFraction(test)
                .optEnrichDomainTags(enrich).optMaxTrainExamples(maxTrain).optMaxEvalExamples(maxEval)
                .setTraining(training.settings(out)).optSplit(splitSpec())
                .optFieldMaxTokens(FieldCaps.check(maxTokensPerField)).optClassBalance(imbalance.classBalance())
                .optThreshold(imbalance.threshold).build();
        UncertaintyTraining.Settings uncertainty = uncertaintySettings();
        Path resumeFrom = training.resume ? TrainingCheckpoint.latest(training.checkpointDir(out)).orElseThrow(
                () -> new IllegalArgumentException("--resume: no checkpoint in " + training.checkpointDir(out)))
                : null;
        FunctionTraining.Result result;
        try (var notice = InterruptNotice.install("train", training.checkpointDir(out), err);
                var threads = model.threads(); LocalModel lm = model.open(Workload.training(training.microBatch > 0 ? training.microBatch : training.batch, maxTokens), err);
                TrainingProgressBar bar = new TrainingProgressBar("stage " + labelled.stage(), err)) {
            result = UncertaintyTraining.run(lm, domains, labelled, JoinOption.source(data, joins), settings,
                    uncertainty, bar, notice.cancellation(), resumeFrom);
        } catch (TrainingCancelledException e) {
            return ExitCodes.INTERRUPTED; // the notice's hook says what was kept
        }
        result.bank().write(out);
        Path png = outputs.lossCurve;
        TrainingPlots.write(png, "stage " + result.stage() + " " + functionTag, result.training());
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf("stage %d %s: %s rows; %d read, %d skipped%n", result.stage(), functionTag, result.sizes(),
                result.report().rowsRead(), result.report().rowsSkipped());
        stdout.print(EpochTable.text(result.training()));
        stdout.println("validation " + format(result.validMetrics()));
        stdout.println("test       " + format(result.testMetrics()));
        var decision = result.bank().head(functionTag).map(h -> h.entry().decision());
        decision.ifPresent(d -> stdout.printf(Locale.ROOT, "predicted class: '%s' when its probability is at least "
                + "%.4f (maximum %s on validation: %.4f)%n", d.positiveClass(), d.threshold(), d.criterion(),
                d.validationScore()));
        stdout.printf("wrote %s (%d steps, %.1f s), loss curve %s%n", out, result.training().steps(),
                result.training().wallTime().toMillis() / 1000.0, png);
        // Calibration is on by default, so a run on a small table says without alarm why it stored none.
        result.warnings().stream().filter(w -> w.startsWith(UncertaintyTraining.NO_CALIBRATION))
                .forEach(w -> stdout.println("calibration: " + w));
        result.warnings().stream().filter(w -> !w.startsWith(UncertaintyTraining.NO_CALIBRATION))
                .forEach(w -> err.println("warning: " + w));
        if (json != null) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode root = mapper.createObjectNode().put("bank", out.toString()).put("stage", result.stage())
                    .put("steps", result.training().steps());
            root.put("split", settings.splitDescription());
            root.set("sizes", mapper.valueToTree(result.sizes()));
            root.set("scores", EpochTable.names(result.training(), mapper));
            root.set("history", EpochTable.json(result.training(), mapper));
            root.set("valid", mapper.valueToTree(result.validMetrics()));
            root.set("test", mapper.valueToTree(result.testMetrics()));
            decision.ifPresent(d -> root.set("decision", mapper.valueToTree(d)));
            root.set("data_report", mapper.readTree(result.report().toJson()));
            root.set("warnings", mapper.valueToTree(result.warnings()));
            AtomicFiles.writeString(json, root.toPrettyString());
        }
        String removed = outputs.removeCheckpoints(training.keepCheckpoints);
        if (removed != null) {
            stdout.println(removed);
        }
        return ExitCodes.OK;
    }

    private UncertaintyTraining.Settings uncertaintySettings() {
        if (ensemble < 1) {
            throw new IllegalArgumentException("--ensemble " + ensemble + ": an ensemble needs at least 1 member");
        }
        if (!(coverage > 0 && coverage < 1)) {
            throw new IllegalArgumentException("--coverage " + coverage + ": a coverage must lie strictly between 0 "
                    + "and 1, e.g. 0.9");
        }
        if (ensemble > 1 && training.resume) {
            throw new IllegalArgumentException("--resume: an ensemble (--ensemble " + ensemble + ") cannot resume; "
                    + "train it again");
        }
        if (conformal.crossConformal && noCalibration) {
            throw new IllegalArgumentException("--cross-conformal calibrates; it needs calibration (not "
                    + "--no-calibration)");
        }
        // The Tag Trainer node's path (Settings.of), with the CLI's further calibration choices on top.
        UncertaintyTraining.Settings shared = UncertaintyTraining.Settings.of(members(), !noCalibration, coverage);
        return new UncertaintyTraining.Settings(shared.ensemble(), shared.calibrate(),
                shared.calibration().withClassConditional(!conformal.marginalSets), conformal.crossConformal)
                .withDomain(domain == null ? !noCalibration : domain);
    }

    private int members() {
        return conformal.members(ensemble);
    }

    /** The validation and test shares leave training rows. */
    private void checkShares() {
        checkShare("--valid", valid);
        checkShare("--test", test);
        if (splitColumn == null && !(valid + test < 1)) {
            throw new IllegalArgumentException("--valid " + valid + " and --test " + test + " leave no rows for "
                    + "training: their sum must be below 1");
        }
    }

    private static void checkShare(String option, double share) {
        if (!(share >= 0 && share < 1)) {
            throw new IllegalArgumentException(option + " " + share + ": a share of the rows must lie in [0, 1)");
        }
    }

    /** {@code --split-by} seeded by the training seed, its fractions from --valid and --test unless given. */
    private SplitSpec splitSpec() {
        var parsed = spec.commandLine().getParseResult();
        if (split.splitFractions != null && (parsed.hasMatchedOption("--valid") || parsed.hasMatchedOption("--test"))) {
            throw new IllegalArgumentException("give --split-fractions or --valid and --test, not both");
        }
        SplitSpec chosen = split.spec(training.seed, new SplitFractions(1 - valid - test, valid, test));
        if (chosen != null && splitColumn != null
                && !(chosen instanceof SplitSpec.Given g && g.column().equals(splitColumn))) {
            throw new IllegalArgumentException("give --split-column or --split-by, not both");
        }
        return chosen;
    }

    private static String format(Map<String, Double> metrics) {
        StringBuilder b = new StringBuilder();
        metrics.forEach((k, v) -> b.append(String.format("%s %.4f  ", k, v)));
        return b.length() == 0 ? "(no rows)" : b.toString().trim();
    }

    /** {@code COL[:KIND[:TOKENS]]=TAG}. */
    static LabelledTask.Input input(String spec) {
        String tag = null;
        String left = spec;
        int eq = spec.indexOf('=');
        if (eq >= 0) {
            tag = spec.substring(eq + 1);
            left = spec.substring(0, eq);
        }
        String[] parts = left.split(":", 3);
        ColumnKind kind = parts.length > 1 ? ColumnKind.parse(parts[1]) : ColumnKind.TEXT;
        Tokenization tokens = parts.length > 2 ? tokenization(parts[2]) : null;
        return new LabelledTask.Input(parts[0], kind, tag == null || tag.isBlank() ? null : tag, tokens);
    }

    static Tokenization tokenization(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "character", "characters", "char" -> Tokenization.CHARACTER;
            case "model", "tokenizer" -> Tokenization.MODEL;
            default -> throw new IllegalArgumentException("tokenization '" + name + "': use 'character' or 'model'");
        };
    }
}
