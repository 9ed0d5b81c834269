package org.tagllm.knime.engine.evaluate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.bank.Composition;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.data.BadRowPolicy;
import org.tagllm.knime.engine.data.ColumnKind;
import org.tagllm.knime.engine.demo.DemoData;
import org.tagllm.knime.engine.method.DataSource;
import org.tagllm.knime.engine.method.DomainCorpus;
import org.tagllm.knime.engine.method.DomainPretraining;
import org.tagllm.knime.engine.method.FunctionTraining;
import org.tagllm.knime.engine.method.LabelledTask;
import org.tagllm.knime.engine.method.Metrics;
import org.tagllm.knime.engine.method.TagPredictor;
import org.tagllm.knime.engine.split.Partition;
import org.tagllm.knime.engine.tags.Tokenization;
import org.tagllm.knime.engine.train.ProgressListener;
import org.tagllm.knime.engine.train.TrainingResult;
import org.tagllm.knime.engine.train.TrainingSettings;

/**
 * The whole Tag-LLM protocol on demo data the project makes itself: stage 1 twice (two {@code <SMILES>} banks), stage
 * 2 on a CDK property, prediction of the test rows with the bank read back, a zero-shot composition with the second
 * {@code <SMILES>} bank, and the mean predictor as the baseline. The caller shows the figures; {@link Hooks} receives
 * what a command line or a node shows while it runs (progress, loss curves, prediction files).
 */
public final class Quickstart {

    public static final String DOMAIN_TAG = "<SMILES>";
    /** Vectors per tag (p), for both stages, as the paper's default. */
    public static final int VECTORS = 10;
    public static final int BATCH = 16;
    public static final double STAGE1_LR = 1e-2;
    public static final double STAGE2_LR = 5e-3;
    /** Positions per example at most; the demo molecules are far shorter. */
    public static final int MAX_TOKENS = 128;
    /** The protocol's steps, as {@link Hooks#step} counts them. */
    public static final int STEPS = 6;

    private Quickstart() {}

    /**
     * One quickstart run.
     *
     * @param seed        seed of the molecules, the split, initialisation and shuffling; the second stage-1 run uses
     *                    seed + 1
     * @param property    what stage 2 learns to predict
     * @param rows        labelled molecules, split 80/10/10
     * @param corpusRows  unlabelled molecules for stage 1
     * @param stage1Steps optimizer steps of each stage-1 run
     * @param epochs      passes of stage 2 over the training rows
     */
    public record Settings(long seed, DemoData.Property property, int rows, int corpusRows, long stage1Steps,
            int epochs) {

        public Settings {
            if (stage1Steps < 1 || epochs < 1) {
                throw new IllegalArgumentException("--steps and --epochs must be at least 1");
            }
            if (rows < 10 || corpusRows < 2) {
                throw new IllegalArgumentException("--rows must be at least 10 (so that every part of the split has a "
                        + "row) and --corpus-rows at least 2");
            }
        }

        /** The second {@code <SMILES>} tag's name, as the table and the files call it. */
        public String secondTag() {
            return "seed-" + (seed + 1) + " " + DOMAIN_TAG;
        }
    }

    /** Where each output goes. */
    public record Layout(Path smilesBank, Path secondSmilesBank, Path functionBank, Path composedBank,
            Path predictions, Path composedPredictions) {

        public static Layout of(Path out, long seed, DemoData.Property property) {
            String name = property.column().replace('_', '-');
            return new Layout(out.resolve("banks/smiles.bank"),
                    out.resolve("banks/smiles-seed" + (seed + 1) + ".bank"), out.resolve("banks/" + name + ".bank"),
                    out.resolve("banks/" + name + "-composed.bank"), out.resolve("predictions/test.csv"),
                    out.resolve("predictions/test-composed.csv"));
        }

        /** The loss curve written beside a bank. */
        public static Path lossCurve(Path bank) {
            return bank.resolveSibling(bank.getFileName() + ".loss.png");
        }
    }

    /** What the caller shows while the protocol runs. */
    public interface Hooks {

        /** Step {@code step} of {@link #STEPS} begins. */
        void step(int step, String what);

        /** Receives a training run's progress; closed when the run ends. */
        TrainingProgress training(String stage);

        /** A bank was written by a training run that {@code title} names. */
        void trained(Path bank, String title, TrainingResult training) throws IOException;

        /** The test rows were predicted with a bank read back from disk; {@code truth} holds their targets. */
        void predicted(Path csv, TagPredictor.Result result, String column, double[] truth) throws IOException;
    }

    /** A training run's progress, closed when the run ends (a progress bar finishes its line). */
    public interface TrainingProgress extends ProgressListener, AutoCloseable {
        @Override
        void close();
    }

    /** The demo files and the labelled table's figures. */
    public record Data(DemoData.Files files, double[] trainTargets, double[] truth, int validRows, double seconds) {

        public double trainMean() {
            return Arrays.stream(trainTargets).average().orElseThrow();
        }

        public double trainSd() {
            double mean = trainMean();
            return Math.sqrt(Arrays.stream(trainTargets).map(v -> (v - mean) * (v - mean)).sum()
                    / trainTargets.length);
        }
    }

    /** A stage-1 run and its time. */
    public record Stage1(DomainPretraining.Result result, long seed, double seconds) {}

    /** The stage-2 run and its time. */
    public record Stage2(FunctionTraining.Result result, double seconds) {}

    /** Test-row figures of a pairing and the time taken. */
    public record Scored(Map<String, Double> metrics, double seconds) {}

    /** Every step's outcome. */
    public record Result(Stage1 first, Stage1 second, Stage2 stage2, Scored trained, Scored zeroShot,
            Map<String, Double> baseline) {

        /** Whether a pairing's test RMSE beats the mean predictor's. */
        public static boolean beats(Map<String, Double> pairing, Map<String, Double> baseline) {
            return pairing.get("rmse") < baseline.get("rmse");
        }
    }

    /** Step 1: the labelled table, the unlabelled corpus and the test rows, written under {@code data/}. */
    public static Data makeData(Path out, Settings s, Hooks hooks) throws IOException {
        hooks.step(1, "making " + s.rows() + " labelled and " + s.corpusRows() + " unlabelled molecules (seed "
                + s.seed() + ")");
        long t = System.nanoTime();
        DemoData.Files files = DemoData.write(out.resolve("data"), s.rows(), s.corpusRows(), s.seed());
        double[] trainTargets = files.part(Partition.TRAIN).stream().mapToDouble(s.property()::of).toArray();
        double[] truth = files.part(Partition.TEST).stream().mapToDouble(s.property()::of).toArray();
        return new Data(files, trainTargets, truth, files.part(Partition.VALID).size(), seconds(t));
    }

    /** Steps 2 to 6 on a loaded model, writing the banks and predictions of {@code layout}. */
    public static Result run(LocalModel lm, Path out, Data data, Layout layout, Settings s, Hooks hooks)
            throws Exception {
        String functionTag = s.property().functionTag();
        DemoData.Files files = data.files();
        // Stage 1, twice: the second <SMILES> bank is the partner of the zero-shot composition.
        hooks.step(2, "stage 1: " + DOMAIN_TAG + " domain tag on " + out.relativize(files.corpus()) + " ("
                + s.stage1Steps() + " steps)");
        Stage1 first = stage1(lm, files, s, s.seed(), layout.smilesBank(), hooks);
        hooks.step(3, "stage 1 again with seed " + (s.seed() + 1) + ": a second " + DOMAIN_TAG + " tag");
        Stage1 second = stage1(lm, files, s, s.seed() + 1, layout.secondSmilesBank(), hooks);

        // Stage 2: the function tag and its head on the labelled table's own split.
        hooks.step(4, "stage 2: " + functionTag + " function tag and regression head on "
                + out.relativize(files.labelled()) + " (" + s.epochs() + " epochs)");
        Stage2 stage2 = stage2(lm, files, s, layout.smilesBank(), layout.functionBank(), hooks);

        // Prediction with the bank as saved, on the held-out test rows.
        hooks.step(5, "predicting the " + data.truth().length + " test rows with "
                + out.relativize(layout.functionBank()));
        long t = System.nanoTime();
        Map<String, Double> trained = predict(lm, layout.functionBank(), files, s, data.truth(),
                layout.predictions(), hooks);
        Scored trainedScore = new Scored(trained, seconds(t));

        // Composition: the function tag and head with the other <SMILES> tag, never trained together.
        hooks.step(6, "composing " + functionTag + " with the " + s.secondTag() + " tag (zero-shot), predicting");
        t = System.nanoTime();
        TagBank composed = Composition.compose(List.of(TagBank.read(layout.secondSmilesBank())),
                TagBank.read(layout.functionBank()).withoutTag(DOMAIN_TAG), functionTag);
        composed.write(layout.composedBank());
        Map<String, Double> zeroShot = predict(lm, layout.composedBank(), files, s, data.truth(),
                layout.composedPredictions(), hooks);
        Scored zeroShotScore = new Scored(zeroShot, seconds(t));

        // The baseline every figure is measured against: always predict the training mean.
        double[] constant = new double[data.truth().length];
        Arrays.fill(constant, data.trainMean());
        return new Result(first, second, stage2, trainedScore, zeroShotScore,
                Metrics.regression(data.truth(), constant));
    }

    private static Stage1 stage1(LocalModel lm, DemoData.Files data, Settings s, long runSeed, Path bank,
            Hooks hooks) throws Exception {
        long t = System.nanoTime();
        TrainingSettings training = TrainingSettings.builder().setBatchSize(BATCH).optMaxSteps(s.stage1Steps())
                .optLearningRate(STAGE1_LR).optSeed(runSeed).optLogEvery(1).build();
        var settings = new DomainPretraining.Settings(VECTORS, MAX_TOKENS, 0, 0.05, 256, BadRowPolicy.SKIP, training);
        DomainCorpus corpus = new DomainCorpus(DOMAIN_TAG, data.corpus(), null, ColumnKind.SMILES,
                Tokenization.CHARACTER);
        DomainPretraining.Result result;
        try (TrainingProgress progress = hooks.training("stage 1")) {
            result = DomainPretraining.run(lm, List.of(corpus), settings, progress, () -> false, null);
        }
        result.bank().write(bank);
        hooks.trained(bank, "stage 1 " + DOMAIN_TAG + ", seed " + runSeed, result.training());
        return new Stage1(result, runSeed, seconds(t));
    }

    private static Stage2 stage2(LocalModel lm, DemoData.Files data, Settings s, Path smilesBank, Path bank,
            Hooks hooks) throws Exception {
        long t = System.nanoTime();
        String functionTag = s.property().functionTag();
        LabelledTask task = new LabelledTask(functionTag, LabelledTask.Type.REGRESSION,
                List.of(new LabelledTask.Input(DemoData.SMILES_COLUMN, ColumnKind.SMILES, DOMAIN_TAG)),
                List.of(s.property().column()), null, false);
        TrainingSettings training = TrainingSettings.builder().setBatchSize(BATCH).optEpochs(s.epochs())
                .optLearningRate(STAGE2_LR).optSeed(s.seed()).optLogEvery(1).build();
        var settings = FunctionTraining.Settings.builder().optVectors(VECTORS).optMaxTokens(MAX_TOKENS)
                .optBadRows(BadRowPolicy.FAIL).optSplitColumn(DemoData.SPLIT_COLUMN).optValidFraction(0.1)
                .optTestFraction(0.1).setTraining(training).build();
        FunctionTraining.Result result;
        try (TrainingProgress progress = hooks.training("stage 2")) {
            result = FunctionTraining.run(lm, TagBank.read(smilesBank), task, DataSource.of(data.labelled()),
                    settings, progress, () -> false, null);
        }
        result.bank().write(bank);
        hooks.trained(bank, "stage 2 " + functionTag, result.training());
        return new Stage2(result, seconds(t));
    }

    /** Predicts the test rows with the bank read back from disk, hands the rows on, returns the figures. */
    private static Map<String, Double> predict(LocalModel lm, Path bank, DemoData.Files data, Settings s,
            double[] truth, Path csv, Hooks hooks) throws Exception {
        TagPredictor.Result result;
        try (TagPredictor predictor = TagPredictor.open(lm, TagBank.read(bank), s.property().functionTag())) {
            result = predictor.predict(DataSource.of(data.test()), MAX_TOKENS, 32);
        }
        List<TagPredictor.Prediction> rows = result.predictions();
        if (rows.size() != truth.length || rows.stream().anyMatch(p -> p.problem() != null)) {
            throw new IllegalStateException(data.test() + ": expected " + truth.length + " predicted rows, got "
                    + rows.size() + (rows.stream().anyMatch(p -> p.problem() != null) ? " with problems" : ""));
        }
        hooks.predicted(csv, result, s.property().column(), truth);
        return Metrics.regression(truth, rows.stream().mapToDouble(p -> p.values()[0]).toArray());
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
