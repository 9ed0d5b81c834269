package org.tagllm.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.bank.Composition;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.config.ModelConfigJson;
import org.tagllm.knime.engine.data.BadRowPolicy;
import org.tagllm.knime.engine.data.ColumnKind;
import org.tagllm.knime.engine.demo.DemoData;
import org.tagllm.knime.engine.io.AtomicFiles;
import org.tagllm.knime.engine.method.DataSource;
import org.tagllm.knime.engine.method.DomainCorpus;
import org.tagllm.knime.engine.method.DomainPretraining;
import org.tagllm.knime.engine.method.FunctionTraining;
import org.tagllm.knime.engine.method.LabelledTask;
import org.tagllm.knime.engine.method.Metrics;
import org.tagllm.knime.engine.method.TagPredictor;
import org.tagllm.knime.engine.model.ModelDirectory;
import org.tagllm.knime.engine.runtime.DjlRuntime;
import org.tagllm.knime.engine.split.Partition;
import org.tagllm.knime.engine.tags.Tokenization;
import org.tagllm.knime.engine.train.TrainingSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tagllm quickstart}: the whole Tag-LLM protocol on data the project makes itself, in about a minute: stage 1
 * twice (two {@code <SMILES>} banks), stage 2 on a CDK property, prediction with the reloaded bank, a zero-shot
 * composition, and the mean predictor as the baseline; a table on standard output, every file in one folder.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the whole Tag-LLM protocol on embedded demo data (about a minute on the demo model) and "
                + "print a table of what each step did and measured. Needs nothing but this project: the molecules "
                + "are made by a seeded grammar and checked by CDK, the target is a property CDK computes.",
            "Steps: (1) stage 1, a <SMILES> domain tag learned by next-token prediction on unlabelled SMILES, "
                    + "and again with another seed; (2) stage 2, a function tag and regression head on the labelled "
                    + "table's training rows (validated on its validation rows); (3) prediction of the test rows with "
                    + "the saved bank; (4) the function tag composed with the second <SMILES> bank (a zero-shot "
                    + "pairing) and its predictions; the mean predictor (the training mean) as the baseline.",
            "Without --model it runs on the embedded demo model, a tiny LLaMA with RANDOM, UNTRAINED weights: its "
                    + "figures show that the pipeline works, not what Tag-LLM can do. With --model DIR the same "
                    + "protocol runs on a real model (e.g. stories260K after import-llama2c) and gives real results.",
            "Writes into --out: data/ (the demo files, in the formats your own data takes), banks/ (tag banks, "
                    + "each with its loss curve BANK.loss.png), predictions/ (CSV) and quickstart.json (every figure). "
                    + "A re-run replaces an earlier run's folder; a folder with other files in it is refused."})
final class QuickstartCommand implements Callable<Integer> {

    static final String DOMAIN_TAG = "<SMILES>";
    /** Vectors per tag (p), for both stages, as the paper's default. */
    static final int VECTORS = 10;
    static final int BATCH = 16;
    static final double STAGE1_LR = 1e-2;
    static final double STAGE2_LR = 5e-3;
    /** Positions per example at most; the demo molecules are far shorter. */
    static final int MAX_TOKENS = 128;
    /** Progress steps shown on standard error. */
    private static final int STAGES = 6;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR",
            description = "Base model folder (default: the embedded demo model, random weights; see above).")
    Path model;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "tagllm-quickstart",
            description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seed of the molecules, the split, initialisation and shuffling; the second stage-1 run "
                    + "uses S+1 (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--target", paramLabel = "COL", defaultValue = "heteroatom_share",
            description = "What stage 2 learns to predict, a column CDK computes: heteroatom_share (heavy atoms other "
                    + "than carbon over all heavy atoms), heavy_atoms or mol_weight (default: ${DEFAULT-VALUE}).")
    String target;

    @Option(names = "--rows", paramLabel = "N", defaultValue = "1000",
            description = "Labelled molecules, split 80/10/10 (default: ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--corpus-rows", paramLabel = "N", defaultValue = "2000",
            description = "Unlabelled molecules for stage 1, none of them labelled (default: ${DEFAULT-VALUE}).")
    int corpusRows;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "150",
            description = "Optimizer steps of each stage-1 run, " + BATCH + " molecules each "
                    + "(default: ${DEFAULT-VALUE}).")
    long stage1Steps;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "6",
            description = "Passes of stage 2 over the training rows (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--threads", paramLabel = "N", description = LibtorchThreads.DESCRIPTION,
            converter = LibtorchThreads.Count.class)
    Integer threads;

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        PrintWriter err = spec.commandLine().getErr();
        DemoData.Property property = DemoData.Property.ofColumn(target);
        if (stage1Steps < 1 || epochs < 1) {
            throw new IllegalArgumentException("--steps and --epochs must be at least 1");
        }
        if (rows < 10 || corpusRows < 2) {
            throw new IllegalArgumentException("--rows must be at least 10 (so that every part of the split has a "
                    + "row) and --corpus-rows at least 2");
        }
        boolean demo = model == null;
        Path modelDir = demo ? Defaults.demoModel(err, "the quickstart's figures show the pipeline works, not what "
                + "Tag-LLM can do") : model;
        // The model's configuration is checked before the output folder is touched.
        int width = ModelConfigJson.read(modelDir.resolve(ModelDirectory.CONFIG_FILE_NAME)).hiddenSize();
        QuickstartFolder.prepare(out);
        String functionTag = property.functionTag();
        String second = "seed-" + (seed + 1) + " " + DOMAIN_TAG;
        Layout files = Layout.of(out, seed, property);
        QuickstartReport report = new QuickstartReport();

        // Data: labelled table, unlabelled corpus and test rows, written first so that users see the formats.
        progress(err, 1, "making " + rows + " labelled and " + corpusRows + " unlabelled molecules (seed " + seed
                + ")");
        long t = System.nanoTime();
        DemoData.Files data = DemoData.write(out.resolve("data"), rows, corpusRows, seed);
        double[] trainTargets = data.part(Partition.TRAIN).stream().mapToDouble(property::of).toArray();
        double[] truth = data.part(Partition.TEST).stream().mapToDouble(property::of).toArray();
        double mean = Arrays.stream(trainTargets).average().orElseThrow();
        double sd = Math.sqrt(Arrays.stream(trainTargets).map(v -> (v - mean) * (v - mean)).sum()
                / trainTargets.length);
        report.add(new QuickstartReport.Step("data", String.format(Locale.ROOT,
                "%d molecules: %d train, %d valid, %d test; %d unlabelled", rows, trainTargets.length,
                data.part(Partition.VALID).size(), truth.length, corpusRows),
                String.format(Locale.ROOT, "%s: training mean %s, sd %s", property.column(),
                        QuickstartReport.figure(mean), QuickstartReport.figure(sd)),
                Map.of("train_mean", mean, "train_sd", sd), seconds(t)));

        Map<String, Double> trained;
        Map<String, Double> zeroShot;
        try (DjlRuntime.IntraOpThreads scope = LibtorchThreads.forWidth(threads, width); LocalModel lm = LocalModel.open(modelDir)) {
            // Stage 1, twice: the second <SMILES> bank is the partner of the zero-shot composition in step 4.
            progress(err, 2, "stage 1: " + DOMAIN_TAG + " domain tag on " + out.relativize(data.corpus()) + " ("
                    + stage1Steps + " steps)");
            report.add(stage1(lm, data, seed, files.smilesBank(), "1", "stage 1: " + DOMAIN_TAG
                    + " tag on the unlabelled SMILES"));
            progress(err, 3, "stage 1 again with seed " + (seed + 1) + ": a second " + DOMAIN_TAG + " tag");
            report.add(stage1(lm, data, seed + 1, files.secondSmilesBank(), "1b", "stage 1 again: the " + second
                    + " tag, for step 4"));

            // Stage 2: the function tag and its head on the labelled table's own split.
            progress(err, 4, "stage 2: " + functionTag + " function tag and regression head on "
                    + out.relativize(data.labelled()) + " (" + epochs + " epochs)");
            report.add(stage2(lm, data, property, files.smilesBank(), files.functionBank()));

            // Prediction with the bank as saved, on the held-out test rows.
            progress(err, 5, "predicting the " + truth.length + " test rows with "
                    + out.relativize(files.functionBank()));
            t = System.nanoTime();
            trained = predict(lm, files.functionBank(), functionTag, data, property, truth, files.predictions());
            report.add(new QuickstartReport.Step("3", "predict the test rows with the saved bank",
                    QuickstartReport.regression(trained), trained, seconds(t)));

            // Composition: the function tag and head with the other <SMILES> tag, never trained together.
            progress(err, 6, "composing " + functionTag + " with the " + second + " tag (zero-shot), predicting");
            t = System.nanoTime();
            TagBank composed = Composition.compose(List.of(TagBank.read(files.secondSmilesBank())),
                    TagBank.read(files.functionBank()).withoutTag(DOMAIN_TAG), functionTag);
            composed.write(files.composedBank());
            zeroShot = predict(lm, files.composedBank(), functionTag, data, property, truth,
                    files.composedPredictions());
            report.add(new QuickstartReport.Step("4", "the same with the " + second + " (zero-shot)",
                    QuickstartReport.regression(zeroShot), zeroShot, seconds(t)));
        }

        // The baseline every figure is measured against: always predict the training mean.
        double[] constant = new double[truth.length];
        Arrays.fill(constant, mean);
        Map<String, Double> baseline = Metrics.regression(truth, constant);
        report.add(new QuickstartReport.Step("base", "mean predictor (training mean), same rows",
                QuickstartReport.regression(baseline), baseline, Double.NaN));

        listOutputs(report, data, files, property);

        double total = seconds(start);
        Figures figures = new Figures(trained, zeroShot, baseline);
        AtomicFiles.writeString(out.resolve(QuickstartFolder.SUMMARY),
                report.toJson(header(modelDir, demo, property, figures, total)));
        print(report, modelDir, demo, property, figures, total);
        return ExitCodes.OK;
    }

    /** The test-row figures of the trained pairing, the zero-shot pairing and the mean predictor. */
    record Figures(Map<String, Double> trained, Map<String, Double> zeroShot, Map<String, Double> baseline) {}

    /** Where each output goes. */
    record Layout(Path smilesBank, Path secondSmilesBank, Path functionBank, Path composedBank, Path predictions,
            Path composedPredictions) {

        static Layout of(Path out, long seed, DemoData.Property property) {
            String name = property.column().replace('_', '-');
            return new Layout(out.resolve("banks/smiles.bank"),
                    out.resolve("banks/smiles-seed" + (seed + 1) + ".bank"), out.resolve("banks/" + name + ".bank"),
                    out.resolve("banks/" + name + "-composed.bank"), out.resolve("predictions/test.csv"),
                    out.resolve("predictions/test-composed.csv"));
        }
    }

    private void listOutputs(QuickstartReport report, DemoData.Files data, Layout files, DemoData.Property property) {
        String functionTag = property.functionTag();
        String second = "seed-" + (seed + 1) + " " + DOMAIN_TAG;
        report.output(out.relativize(data.labelled()), "labelled molecules: smiles, " + String.join(", ",
                Arrays.stream(DemoData.Property.values()).map(DemoData.Property::column).toList()) + ", split");
        report.output(out.relativize(data.corpus()), "unlabelled SMILES for stage 1, one per line");
        report.output(out.relativize(data.test()), "the test rows of steps 3 and 4");
        report.output(out.relativize(files.smilesBank()), "step 1: the " + DOMAIN_TAG + " tag");
        report.output(out.relativize(files.secondSmilesBank()), "step 1b: the " + second + " tag");
        report.output(out.relativize(files.functionBank()), "step 2: " + DOMAIN_TAG + ", " + functionTag
                + ", its head and task: what 'predict' needs");
        report.output(out.relativize(files.composedBank()), "step 4: " + functionTag + " and its head with the "
                + second);
        for (Path bank : List.of(files.smilesBank(), files.secondSmilesBank(), files.functionBank())) {
            report.output(out.relativize(lossCurve(bank)), "training loss per step"
                    + (bank == files.functionBank() ? ", validation MSE per epoch" : ""));
        }
        report.output(out.relativize(files.predictions()), "step 3: row, smiles, true " + property.column() + ", "
                + functionTag + " (predicted), problem");
        report.output(out.relativize(files.composedPredictions()), "step 4: the same columns");
        report.output(Path.of(QuickstartFolder.SUMMARY), "every figure above, the settings and these paths");
    }

    private Map<String, Object> header(Path modelDir, boolean demo, DemoData.Property property, Figures figures,
            double total) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("command", "tagllm quickstart");
        header.put("model", modelDir.toAbsolutePath().normalize().toString());
        header.put("demo_model", demo);
        header.put("seed", seed);
        header.put("target", property.column());
        header.put("function_tag", property.functionTag());
        header.put("domain_tag", DOMAIN_TAG);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("rows", rows);
        settings.put("corpus_rows", corpusRows);
        settings.put("vectors", VECTORS);
        settings.put("batch", BATCH);
        settings.put("stage1_steps", stage1Steps);
        settings.put("stage1_learning_rate", STAGE1_LR);
        settings.put("stage2_epochs", epochs);
        settings.put("stage2_learning_rate", STAGE2_LR);
        settings.put("max_tokens", MAX_TOKENS);
        header.put("settings", settings);
        double baseline = figures.baseline().get("rmse");
        header.put("beats_mean_predictor", Map.of("trained", figures.trained().get("rmse") < baseline,
                "zero_shot", figures.zeroShot().get("rmse") < baseline));
        header.put("total_seconds", QuickstartReport.round(total));
        return header;
    }

    private void print(QuickstartReport report, Path modelDir, boolean demo, DemoData.Property property,
            Figures figures, double total) {
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf("Tag-LLM quickstart: %s learns %s (computed by CDK) from SMILES; model: %s%n",
                property.functionTag(),
                property.column(), demo ? "the embedded demo model" : modelDir);
        if (demo) {
            stdout.println(DEMO_NOTE);
        }
        stdout.println();
        report.printTable(stdout);
        stdout.println();
        stdout.println(verdict("step 3, trained pairing", figures.trained(), figures.baseline()));
        stdout.println(verdict("step 4, zero-shot pairing", figures.zeroShot(), figures.baseline()));
        stdout.println("RMSE and MAE are in the units of " + property.column() + ", lower is better; R² 0 is the mean "
                + "predictor, 1 perfect. Stage-1 losses are nats per SMILES character; lower with the tag means the "
                + "tag learned the domain.");
        stdout.println();
        stdout.printf(Locale.ROOT, "wrote %s in %.1f s:%n", out, total);
        report.printOutputs(stdout);
        stdout.flush();
    }

    static final String DEMO_NOTE = "The demo model is a tiny LLaMA with RANDOM, UNTRAINED weights: these figures show "
            + "that the pipeline works end to end, not what Tag-LLM can do.\nFor real results run the same protocol on "
            + "a real model: ./tagllm quickstart --model DIR (e.g. stories260K after import-llama2c).";

    private static Path lossCurve(Path bank) {
        return bank.resolveSibling(bank.getFileName() + ".loss.png");
    }

    private QuickstartReport.Step stage1(LocalModel lm, DemoData.Files data, long runSeed, Path bank, String id,
            String what) throws Exception {
        long t = System.nanoTime();
        TrainingSettings training = TrainingSettings.builder().setBatchSize(BATCH).optMaxSteps(stage1Steps)
                .optLearningRate(STAGE1_LR).optSeed(runSeed).optLogEvery(1).build();
        var settings = new DomainPretraining.Settings(VECTORS, MAX_TOKENS, 0, 0.05, 256, BadRowPolicy.SKIP, training);
        DomainCorpus corpus = new DomainCorpus(DOMAIN_TAG, data.corpus(), null, ColumnKind.SMILES,
                Tokenization.CHARACTER);
        DomainPretraining.Result result;
        try (TrainingProgressBar bar = new TrainingProgressBar("stage 1", spec.commandLine().getErr())) {
            result = DomainPretraining.run(lm, List.of(corpus), settings, bar, () -> false, null);
        }
        result.bank().write(bank);
        TrainingPlots.write(lossCurve(bank), "stage 1 " + DOMAIN_TAG
                + ", seed " + runSeed, result.training());
        DomainPretraining.DomainOutcome o = result.domains().get(0);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("heldout_loss_untagged", o.heldOutLossUntagged());
        metrics.put("heldout_loss_tag_init", o.heldOutLossBefore());
        metrics.put("heldout_loss_trained", o.heldOutLossAfter());
        String line = String.format(Locale.ROOT, "held-out loss: untagged %.3f, tagged %.3f (%+.1f%%)",
                o.heldOutLossUntagged(), o.heldOutLossAfter(),
                100 * (o.heldOutLossAfter() - o.heldOutLossUntagged()) / o.heldOutLossUntagged());
        return new QuickstartReport.Step(id, what, line, metrics, Map.of("heldout_examples",
                (long) o.heldOutExamples()), result.training(), seconds(t));
    }

    private QuickstartReport.Step stage2(LocalModel lm, DemoData.Files data, DemoData.Property property,
            Path smilesBank, Path bank) throws Exception {
        long t = System.nanoTime();
        String functionTag = property.functionTag();
        LabelledTask task = new LabelledTask(functionTag, LabelledTask.Type.REGRESSION,
                List.of(new LabelledTask.Input(DemoData.SMILES_COLUMN, ColumnKind.SMILES, DOMAIN_TAG)),
                List.of(property.column()), null, false);
        TrainingSettings training = TrainingSettings.builder().setBatchSize(BATCH).optEpochs(epochs)
                .optLearningRate(STAGE2_LR).optSeed(seed).optLogEvery(1).build();
        var settings = new FunctionTraining.Settings(VECTORS, MAX_TOKENS, BadRowPolicy.FAIL, DemoData.SPLIT_COLUMN,
                0.1, 0.1, false, 0, 0, training);
        FunctionTraining.Result result;
        try (TrainingProgressBar bar = new TrainingProgressBar("stage 2", spec.commandLine().getErr())) {
            result = FunctionTraining.run(lm, TagBank.read(smilesBank), task, DataSource.of(data.labelled()),
                    settings, bar, () -> false, null);
        }
        result.bank().write(bank);
        TrainingPlots.write(lossCurve(bank), "stage 2 " + functionTag,
                result.training());
        Map<String, Double> metrics = new LinkedHashMap<>(QuickstartReport.prefixed("valid.", result.validMetrics()));
        metrics.putAll(QuickstartReport.prefixed("test.", result.testMetrics()));
        return new QuickstartReport.Step("2", "stage 2: " + functionTag + " tag + regression head",
                "validation " + QuickstartReport.regression(result.validMetrics()), metrics, Map.of(),
                result.training(), seconds(t));
    }

    /** Predicts the test rows with the bank read back from disk, writes the CSV, returns the figures. */
    private static Map<String, Double> predict(LocalModel lm, Path bank, String functionTag, DemoData.Files data,
            DemoData.Property property, double[] truth, Path csv) throws Exception {
        TagPredictor.Result result;
        try (TagPredictor predictor = TagPredictor.open(lm, TagBank.read(bank), functionTag)) {
            result = predictor.predict(DataSource.of(data.test()), MAX_TOKENS, 32);
        }
        List<TagPredictor.Prediction> rows = result.predictions();
        if (rows.size() != truth.length || rows.stream().anyMatch(p -> p.problem() != null)) {
            throw new IllegalStateException(data.test() + ": expected " + truth.length + " predicted rows, got "
                    + rows.size() + (rows.stream().anyMatch(p -> p.problem() != null) ? " with problems" : ""));
        }
        PredictionCsv.write(csv, result, property.column(), truth);
        return Metrics.regression(truth, rows.stream().mapToDouble(p -> p.values()[0]).toArray());
    }

    private static String verdict(String what, Map<String, Double> model, Map<String, Double> baseline) {
        double change = 100 * (model.get("rmse") - baseline.get("rmse")) / baseline.get("rmse");
        return String.format(Locale.ROOT, "%s: test RMSE %s against %s for the mean predictor (%+.0f%%): %s", what,
                QuickstartReport.figure(model.get("rmse")), QuickstartReport.figure(baseline.get("rmse")), change,
                change < 0 ? "better than the mean" : "no better than the mean");
    }

    private static void progress(PrintWriter err, int step, String what) {
        err.printf("quickstart [%d/%d] %s%n", step, STAGES, what);
        err.flush();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
