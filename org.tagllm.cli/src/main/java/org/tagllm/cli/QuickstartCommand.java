package org.tagllm.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.config.ModelConfigJson;
import org.tagllm.knime.engine.demo.DemoData;
import org.tagllm.knime.engine.evaluate.Quickstart;
import org.tagllm.knime.engine.io.AtomicFiles;
import org.tagllm.knime.engine.method.DomainPretraining;
import org.tagllm.knime.engine.method.FunctionTraining;
import org.tagllm.knime.engine.method.TagPredictor;
import org.tagllm.knime.engine.model.ModelDirectory;
import org.tagllm.knime.engine.runtime.DjlRuntime;
import org.tagllm.knime.engine.train.TrainingProgress;
import org.tagllm.knime.engine.train.TrainingResult;
import org.tagllm.knime.engine.train.WorkProgress;
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
            description = "Optimizer steps of each stage-1 run, " + Quickstart.BATCH + " molecules each "
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
        Quickstart.Settings settings = new Quickstart.Settings(seed, property, rows, corpusRows, stage1Steps, epochs);
        boolean demo = model == null;
        Path modelDir = demo ? Defaults.demoModel(err, "the quickstart's figures show the pipeline works, not what "
                + "Tag-LLM can do") : model;
        // The model's configuration is checked before the output folder is touched.
        int width = ModelConfigJson.read(modelDir.resolve(ModelDirectory.CONFIG_FILE_NAME)).hiddenSize();
        QuickstartFolder.prepare(out);
        Quickstart.Layout files = Quickstart.Layout.of(out, seed, property);
        Quickstart.Hooks hooks = new Hooks(err);

        // Data: labelled table, unlabelled corpus and test rows, written first so that users see the formats.
        Quickstart.Data data = Quickstart.makeData(out, settings, hooks);
        Quickstart.Result result;
        try (DjlRuntime.IntraOpThreads scope = LibtorchThreads.forWidth(threads, width);
                LocalModel lm = LocalModel.open(modelDir)) {
            result = Quickstart.run(lm, out, data, files, settings, hooks);
        }
        QuickstartReport report = report(data, result, settings);
        listOutputs(report, data.files(), files, property);

        double total = seconds(start);
        AtomicFiles.writeString(out.resolve(QuickstartFolder.SUMMARY),
                report.toJson(header(modelDir, demo, property, result, total)));
        print(report, modelDir, demo, property, result, total);
        return ExitCodes.OK;
    }

    /** The table's rows: what each step did and measured. */
    private static QuickstartReport report(Quickstart.Data data, Quickstart.Result r, Quickstart.Settings s) {
        QuickstartReport report = new QuickstartReport();
        String column = s.property().column();
        report.add(new QuickstartReport.Step("data", String.format(Locale.ROOT,
                "%d molecules: %d train, %d valid, %d test; %d unlabelled", s.rows(), data.trainTargets().length,
                data.validRows(), data.truth().length, s.corpusRows()),
                String.format(Locale.ROOT, "%s: training mean %s, sd %s", column,
                        QuickstartReport.figure(data.trainMean()), QuickstartReport.figure(data.trainSd())),
                Map.of("train_mean", data.trainMean(), "train_sd", data.trainSd()), data.seconds()));
        report.add(stage1("1", "stage 1: " + Quickstart.DOMAIN_TAG + " tag on the unlabelled SMILES", r.first()));
        report.add(stage1("1b", "stage 1 again: the " + s.secondTag() + " tag, for step 4", r.second()));
        FunctionTraining.Result stage2 = r.stage2().result();
        Map<String, Double> metrics = new LinkedHashMap<>(QuickstartReport.prefixed("valid.", stage2.validMetrics()));
        metrics.putAll(QuickstartReport.prefixed("test.", stage2.testMetrics()));
        report.add(new QuickstartReport.Step("2", "stage 2: " + s.property().functionTag() + " tag + regression head",
                "validation " + QuickstartReport.regression(stage2.validMetrics()), metrics, Map.of(),
                stage2.training(), r.stage2().seconds()));
        report.add(new QuickstartReport.Step("3", "predict the test rows with the saved bank",
                QuickstartReport.regression(r.trained().metrics()), r.trained().metrics(), r.trained().seconds()));
        report.add(new QuickstartReport.Step("4", "the same with the " + s.secondTag() + " (zero-shot)",
                QuickstartReport.regression(r.zeroShot().metrics()), r.zeroShot().metrics(), r.zeroShot().seconds()));
        report.add(new QuickstartReport.Step("base", "mean predictor (training mean), same rows",
                QuickstartReport.regression(r.baseline()), r.baseline(), Double.NaN));
        return report;
    }

    private static QuickstartReport.Step stage1(String id, String what, Quickstart.Stage1 run) {
        DomainPretraining.DomainOutcome o = run.result().domains().get(0);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("heldout_loss_untagged", o.heldOutLossUntagged());
        metrics.put("heldout_loss_tag_init", o.heldOutLossBefore());
        metrics.put("heldout_loss_trained", o.heldOutLossAfter());
        String line = String.format(Locale.ROOT, "held-out loss: untagged %.3f, tagged %.3f (%+.1f%%)",
                o.heldOutLossUntagged(), o.heldOutLossAfter(),
                100 * (o.heldOutLossAfter() - o.heldOutLossUntagged()) / o.heldOutLossUntagged());
        return new QuickstartReport.Step(id, what, line, metrics, Map.of("heldout_examples",
                (long) o.heldOutExamples()), run.result().training(), run.seconds());
    }

    /** Progress on standard error, a loss curve beside each bank, a CSV for each prediction. */
    private static final class Hooks implements Quickstart.Hooks {

        private final PrintWriter err;

        Hooks(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void step(int step, String what) {
            err.printf("quickstart [%d/%d] %s%n", step, Quickstart.STEPS, what);
            err.flush();
        }

        @Override
        public Quickstart.TrainingProgress training(String stage) {
            TrainingProgressBar bar = new TrainingProgressBar(stage, err);
            return new Quickstart.TrainingProgress() {
                @Override
                public void onProgress(TrainingProgress progress) {
                    bar.onProgress(progress);
                }

                @Override
                public void onWork(WorkProgress work) {
                    bar.onWork(work);
                }

                @Override
                public void close() {
                    bar.close();
                }
            };
        }

        @Override
        public void trained(Path bank, String title, TrainingResult training) throws IOException {
            TrainingPlots.write(Quickstart.Layout.lossCurve(bank), title, training);
        }

        @Override
        public void predicted(Path csv, TagPredictor.Result result, String column, double[] truth)
                throws IOException {
            PredictionCsv.write(csv, result, column, truth);
        }
    }

    private void listOutputs(QuickstartReport report, DemoData.Files data, Quickstart.Layout files,
            DemoData.Property property) {
        String functionTag = property.functionTag();
        String second = "seed-" + (seed + 1) + " " + Quickstart.DOMAIN_TAG;
        report.output(out.relativize(data.labelled()), "labelled molecules: smiles, " + String.join(", ",
                Arrays.stream(DemoData.Property.values()).map(DemoData.Property::column).toList()) + ", split");
        report.output(out.relativize(data.corpus()), "unlabelled SMILES for stage 1, one per line");
        report.output(out.relativize(data.test()), "the test rows of steps 3 and 4");
        report.output(out.relativize(files.smilesBank()), "step 1: the " + Quickstart.DOMAIN_TAG + " tag");
        report.output(out.relativize(files.secondSmilesBank()), "step 1b: the " + second + " tag");
        report.output(out.relativize(files.functionBank()), "step 2: " + Quickstart.DOMAIN_TAG + ", " + functionTag
                + ", its head and task: what 'predict' needs");
        report.output(out.relativize(files.composedBank()), "step 4: " + functionTag + " and its head with the "
                + second);
        for (Path bank : List.of(files.smilesBank(), files.secondSmilesBank(), files.functionBank())) {
            report.output(out.relativize(Quickstart.Layout.lossCurve(bank)), "training loss per step"
                    + (bank == files.functionBank() ? ", validation MSE per epoch" : ""));
        }
        report.output(out.relativize(files.predictions()), "step 3: row, smiles, true " + property.column() + ", "
                + functionTag + " (predicted), problem");
        report.output(out.relativize(files.composedPredictions()), "step 4: the same columns");
        report.output(Path.of(QuickstartFolder.SUMMARY), "every figure above, the settings and these paths");
    }

    private Map<String, Object> header(Path modelDir, boolean demo, DemoData.Property property,
            Quickstart.Result figures, double total) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("command", "tagllm quickstart");
        header.put("model", modelDir.toAbsolutePath().normalize().toString());
        header.put("demo_model", demo);
        header.put("seed", seed);
        header.put("target", property.column());
        header.put("function_tag", property.functionTag());
        header.put("domain_tag", Quickstart.DOMAIN_TAG);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("rows", rows);
        settings.put("corpus_rows", corpusRows);
        settings.put("vectors", Quickstart.VECTORS);
        settings.put("batch", Quickstart.BATCH);
        settings.put("stage1_steps", stage1Steps);
        settings.put("stage1_learning_rate", Quickstart.STAGE1_LR);
        settings.put("stage2_epochs", epochs);
        settings.put("stage2_learning_rate", Quickstart.STAGE2_LR);
        settings.put("max_tokens", Quickstart.MAX_TOKENS);
        header.put("settings", settings);
        header.put("beats_mean_predictor", Map.of(
                "trained", Quickstart.Result.beats(figures.trained().metrics(), figures.baseline()),
                "zero_shot", Quickstart.Result.beats(figures.zeroShot().metrics(), figures.baseline())));
        header.put("total_seconds", QuickstartReport.round(total));
        return header;
    }

    private void print(QuickstartReport report, Path modelDir, boolean demo, DemoData.Property property,
            Quickstart.Result figures, double total) {
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
        stdout.println(verdict("step 3, trained pairing", figures.trained().metrics(), figures.baseline()));
        stdout.println(verdict("step 4, zero-shot pairing", figures.zeroShot().metrics(), figures.baseline()));
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

    private static String verdict(String what, Map<String, Double> model, Map<String, Double> baseline) {
        double change = 100 * (model.get("rmse") - baseline.get("rmse")) / baseline.get("rmse");
        return String.format(Locale.ROOT, "%s: test RMSE %s against %s for the mean predictor (%+.0f%%): %s", what,
                QuickstartReport.figure(model.get("rmse")), QuickstartReport.figure(baseline.get("rmse")), change,
                change < 0 ? "better than the mean" : "no better than the mean");
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
