package org.tagllm.knime.engine.evaluate;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.bank.BankConflictException;
import org.tagllm.knime.engine.bank.BaseModelFingerprint;
import org.tagllm.knime.engine.bank.Composition;
import org.tagllm.knime.engine.bank.FieldEntry;
import org.tagllm.knime.engine.bank.Provenance;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.bank.TagEntry;
import org.tagllm.knime.engine.bank.TaskEntry;
import org.tagllm.knime.engine.data.BadRowPolicy;
import org.tagllm.knime.engine.data.ColumnKind;
import org.tagllm.knime.engine.io.AtomicFiles;
import org.tagllm.knime.engine.method.DataSource;
import org.tagllm.knime.engine.method.DomainCorpus;
import org.tagllm.knime.engine.method.DomainPretraining;
import org.tagllm.knime.engine.method.FunctionTraining;
import org.tagllm.knime.engine.method.LabelledTask;
import org.tagllm.knime.engine.method.Metrics;
import org.tagllm.knime.engine.method.TagPredictor;
import org.tagllm.knime.engine.model.ModelDirectory;
import org.tagllm.knime.engine.tags.TagKind;
import org.tagllm.knime.engine.tags.TagSpec;
import org.tagllm.knime.engine.tags.TagTable;
import org.tagllm.knime.engine.tags.Tokenization;
import org.tagllm.knime.engine.train.ProgressListener;
import org.tagllm.knime.engine.train.TrainingCancelledException;
import org.tagllm.knime.engine.train.TrainingSettings;

/**
 * Does a function tag work with a domain tag it never met? The paper's zero-shot claim, tested on one molecular
 * property in two notations of the same molecules.
 *
 * <p>Per seed:
 * <ol>
 * <li>Stage 1 twice on one sample of the unlabelled corpus: {@value #CANONICAL_TAG} on the SMILES as written (the
 * shared files hold RDKit's canonical SMILES), {@value #RANDOMIZED_TAG} on the same molecules as randomised SMILES
 * ({@link org.tagllm.knime.engine.chem.SmilesNotations}), each in its own run.
 * <li>Stage 2: {@value #FUNCTION_TAG} and its regression head behind {@value #CANONICAL_TAG}, on canonical SMILES only.
 * <li>The same test molecules, predicted five ways ({@link Arm}): the zero-shot composition
 * {@value #RANDOMIZED_TAG} + {@value #FUNCTION_TAG} on randomised SMILES; two controls on randomised SMILES (an
 * untrained {@value #RANDOMIZED_TAG}, and {@value #CANONICAL_TAG} facing a notation it was not trained on); the
 * reference on canonical SMILES; and the training mean.
 * </ol>
 * The composition works when the composed arm beats both controls; it is complete when it matches the reference.
 *
 * <p>Everything a seed derives (corpus samples, tables, banks, predictions) stays in {@code out/seed-N/}, each file
 * written atomically; the base model is never changed.
 */
public final class ZeroShotExperiment {

    public static final String CANONICAL_TAG = "<SMILES>";
    public static final String RANDOMIZED_TAG = "<RandSMILES>";
    public static final String FUNCTION_TAG = "<QED>";

    /** The ways the test molecules are predicted. */
    public enum Arm {
        /** The zero-shot pairing: a domain tag trained alone on randomised SMILES, the function tag never saw it. */
        COMPOSED("composed", RANDOMIZED_TAG + " + " + FUNCTION_TAG, "randomised"),
        /** Control: the paper's initialisation of {@value #RANDOMIZED_TAG}, never trained. */
        UNTRAINED_TAG("untrained tag", RANDOMIZED_TAG + " (untrained) + " + FUNCTION_TAG, "randomised"),
        /** Control: the domain tag the function tag was trained with, facing the other notation. */
        MISMATCH("domain mismatch", CANONICAL_TAG + " + " + FUNCTION_TAG, "randomised"),
        /** Reference: the pairing as trained, on the notation it was trained on. */
        REFERENCE("reference", CANONICAL_TAG + " + " + FUNCTION_TAG, "canonical"),
        /** Baseline: the mean of the training targets for every molecule. */
        MEAN("mean predictor", "training mean", "-");

        private final String label;
        private final String tags;
        private final String notation;

        Arm(String label, String tags, String notation) {
            this.label = label;
            this.tags = tags;
            this.notation = notation;
        }

        /** A short name, e.g. "composed". */
        public String label() {
            return label;
        }

        /** The tags used, e.g. "<RandSMILES> + <QED>". */
        public String tags() {
            return tags;
        }

        /** The test strings' notation: "canonical", "randomised", or "-" for the mean. */
        public String notation() {
            return notation;
        }

        /** A JSON-friendly key, e.g. "untrained_tag". */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Where the data are.
     *
     * @param corpus       unlabelled SMILES for stage 1 (a list, one per line)
     * @param labelled     a table with a SMILES column and a numeric target
     * @param smilesColumn the SMILES column of {@code labelled}
     * @param targetColumn the target column of {@code labelled}
     */
    public record Data(Path corpus, Path labelled, String smilesColumn, String targetColumn) {

        public Data {
            Objects.requireNonNull(corpus, "corpus");
            Objects.requireNonNull(labelled, "labelled");
            Objects.requireNonNull(smilesColumn, "smilesColumn");
            Objects.requireNonNull(targetColumn, "targetColumn");
        }

        /** {@code corpus/smiles.txt} and {@code molecules/qed.csv} (smiles, qed) of the project's shared data. */
        public static Data shared(Path dataDir) {
            return new Data(dataDir.resolve("corpus/smiles.txt"), dataDir.resolve("molecules/qed.csv"), "smiles", "qed");
        }
    }

    /**
     * The experiment's settings, built with {@link #builder()} (seeds required; every other value defaults to the
     * README's protocol, the {@code DEFAULT_…} constants, which {@code tagllm zero-shot} shows as its defaults).
     *
     * @param seeds              one full run per seed: samples, splits, writings, initialisation and shuffling
     * @param vectors            p of every tag
     * @param stage1Examples     corpus molecules each domain tag trains on
     * @param stage1HeldOut      further corpus molecules held out for the next-token loss
     * @param stage1Steps        optimiser steps of each stage-1 run
     * @param stage1LearningRate peak learning rate of stage 1
     * @param stage1MaxTokens    data tokens per corpus molecule at most (characters)
     * @param trainRows          labelled training rows at most, sampled by the seed
     * @param validRows          validation rows at most (scored after every epoch; the best epoch is kept)
     * @param testRows           test rows at most
     * @param epochs             stage-2 epochs
     * @param learningRate       peak learning rate of stage 2
     * @param maxTokens          positions per labelled example at most, in stage 2 and prediction
     * @param batchSize          examples per optimiser step, both stages
     */
    public record Settings(List<Long> seeds, int vectors, int stage1Examples, int stage1HeldOut, long stage1Steps,
            double stage1LearningRate, int stage1MaxTokens, int trainRows, int validRows, int testRows, int epochs,
            double learningRate, int maxTokens, int batchSize) {

        public Settings {
            seeds = List.copyOf(seeds);
            if (seeds.isEmpty() || seeds.stream().distinct().count() != seeds.size()) {
                throw new IllegalArgumentException("give at least one seed, each once; got " + seeds);
            }
            if (vectors < 1 || stage1Examples < 1 || stage1HeldOut < 1 || stage1Steps < 1 || stage1MaxTokens < 1
                    || trainRows < 1 || validRows < 1 || testRows < 2 || epochs < 1 || maxTokens < 2
                    || batchSize < 1) {
                throw new IllegalArgumentException("vectors, examples, held-out, steps, rows, epochs, tokens and batch "
                        + "must be positive (test rows at least 2, max tokens at least 2)");
            }
            if (!(stage1LearningRate > 0) || !(learningRate > 0)) {
                throw new IllegalArgumentException("learning rates must be positive");
            }
        }

        /**
         * The README's protocol on stories260K: stage 1 on 2,000 molecules for 125 steps at 1e-2, at most 96 tokens;
         * stage 2 on 2,000 rows for 2 epochs at 3e-3; 1,000 test rows.
         */
        public static Settings protocol(List<Long> seeds) {
            return builder().setSeeds(seeds).build();
        }

        /** The README's protocol ({@link #protocol}) for the seeds set; {@link Builder} changes any of it. */
        public static Builder builder() {
            return new Builder();
        }

        /** A builder holding these settings, to change some of them. */
        public Builder toBuilder() {
            return new Builder().setSeeds(seeds).optVectors(vectors).optStage1Examples(stage1Examples)
                    .optStage1HeldOut(stage1HeldOut).optStage1Steps(stage1Steps)
                    .optStage1LearningRate(stage1LearningRate).optStage1MaxTokens(stage1MaxTokens)
                    .optTrainRows(trainRows).optValidRows(validRows).optTestRows(testRows).optEpochs(epochs)
                    .optLearningRate(learningRate).optMaxTokens(maxTokens).optBatchSize(batchSize);
        }

        // The README's protocol on stories260K: every setting's default, here and on the command line.
        public static final int DEFAULT_VECTORS = 10;
        public static final int DEFAULT_STAGE1_EXAMPLES = 2000;
        public static final int DEFAULT_STAGE1_HELD_OUT = 128;
        public static final long DEFAULT_STAGE1_STEPS = 125;
        public static final double DEFAULT_STAGE1_LEARNING_RATE = 1e-2;
        public static final int DEFAULT_STAGE1_MAX_TOKENS = 96;
        public static final int DEFAULT_TRAIN_ROWS = 2000;
        public static final int DEFAULT_VALID_ROWS = 300;
        public static final int DEFAULT_TEST_ROWS = 1000;
        public static final int DEFAULT_EPOCHS = 2;
        public static final double DEFAULT_LEARNING_RATE = 3e-3;
        public static final int DEFAULT_MAX_TOKENS = 256;
        public static final int DEFAULT_BATCH_SIZE = 16;

        /**
         * Builds {@link Settings}: the seeds are required ({@code setSeeds}); every {@code opt…} starts at the
         * README's protocol, the {@code DEFAULT_…} constants above. {@link #build()} checks the whole.
         */
        public static final class Builder {

            private List<Long> seeds;
            private int vectors = DEFAULT_VECTORS;
            private int stage1Examples = DEFAULT_STAGE1_EXAMPLES;
            private int stage1HeldOut = DEFAULT_STAGE1_HELD_OUT;
            private long stage1Steps = DEFAULT_STAGE1_STEPS;
            private double stage1LearningRate = DEFAULT_STAGE1_LEARNING_RATE;
            private int stage1MaxTokens = DEFAULT_STAGE1_MAX_TOKENS;
            private int trainRows = DEFAULT_TRAIN_ROWS;
            private int validRows = DEFAULT_VALID_ROWS;
            private int testRows = DEFAULT_TEST_ROWS;
            private int epochs = DEFAULT_EPOCHS;
            private double learningRate = DEFAULT_LEARNING_RATE;
            private int maxTokens = DEFAULT_MAX_TOKENS;
            private int batchSize = DEFAULT_BATCH_SIZE;

            private Builder() {}

            /** One full run per seed, each seed once; required. */
            public Builder setSeeds(List<Long> seeds) {
                this.seeds = seeds;
                return this;
            }

            public Builder optVectors(int vectors) {
                this.vectors = vectors;
                return this;
            }

            public Builder optStage1Examples(int stage1Examples) {
                this.stage1Examples = stage1Examples;
                return this;
            }

            public Builder optStage1HeldOut(int stage1HeldOut) {
                this.stage1HeldOut = stage1HeldOut;
                return this;
            }

            public Builder optStage1Steps(long stage1Steps) {
                this.stage1Steps = stage1Steps;
                return this;
            }

            public Builder optStage1LearningRate(double stage1LearningRate) {
                this.stage1LearningRate = stage1LearningRate;
                return this;
            }

            public Builder optStage1MaxTokens(int stage1MaxTokens) {
                this.stage1MaxTokens = stage1MaxTokens;
                return this;
            }

            public Builder optTrainRows(int trainRows) {
                this.trainRows = trainRows;
                return this;
            }

            public Builder optValidRows(int validRows) {
                this.validRows = validRows;
                return this;
            }

            public Builder optTestRows(int testRows) {
                this.testRows = testRows;
                return this;
            }

            public Builder optEpochs(int epochs) {
                this.epochs = epochs;
                return this;
            }

            public Builder optLearningRate(double learningRate) {
                this.learningRate = learningRate;
                return this;
            }

            public Builder optMaxTokens(int maxTokens) {
                this.maxTokens = maxTokens;
                return this;
            }

            public Builder optBatchSize(int batchSize) {
                this.batchSize = batchSize;
                return this;
            }

            /** The settings, checked as a whole (see {@link Settings}). */
            public Settings build() {
                if (seeds == null) {
                    throw new IllegalStateException("the seeds are required: call setSeeds");
                }
                return new Settings(seeds, vectors, stage1Examples, stage1HeldOut, stage1Steps, stage1LearningRate,
                        stage1MaxTokens, trainRows, validRows, testRows, epochs, learningRate, maxTokens, batchSize);
            }
        }
    }

    /** Where a step stands; the experiment runs several trainings one after the other. */
    @FunctionalInterface
    public interface Listener {

        Listener NONE = step -> ProgressListener.NONE;

        /**
         * A step begins, e.g. "seed 0: stage 1 <RandSMILES>"; its training (if any) reports to the listener returned.
         */
        ProgressListener step(String description);
    }

    /** Held-out next-token loss of one stage-1 run: the untagged model, the tag at initialisation, the trained tag. */
    public record DomainLoss(String tag, double untagged, double initial, double trained) {}

    /**
     * How alike the two trained domain tags came out, all p × d values at once: the cosine between their updates from
     * the common initialisation, and their distance relative to the canonical tag's update. Near 1 and near 0: stage 1
     * learned nearly the same tag from both notations, so the composed arm is nearly the trained pairing.
     */
    public record TagDrift(double updateCosine, double relativeDistance) {}

    /** MSE(arm) − MSE(composed) on the same test rows, with a paired bootstrap 95% interval; positive: composed wins. */
    public record MseGap(double estimate, double low, double high) {}

    /**
     * One seed's outcome.
     *
     * @param metrics          per arm: Metrics.regression's figures (correlations 0 for the constant mean, by Metrics' convention)
     * @param truncated        per arm: test rows cut to {@code maxTokens}
     * @param gaps             per arm other than the composed one: its MSE gap to the composed arm
     * @param domainLosses     the two stage-1 runs
     * @param drift            how alike the two trained domain tags are
     * @param validMse         stage 2's validation MSE (best epoch)
     * @param meanLength       mean test SMILES length in characters, canonical and randomised
     * @param dir              the seed's folder: data, banks, predictions.csv
     */
    public record SeedResult(long seed, Map<Arm, Map<String, Double>> metrics, Map<Arm, Long> truncated,
            Map<Arm, MseGap> gaps, List<DomainLoss> domainLosses, TagDrift drift, double validMse, int corpusMolecules, int trainRows,
            int validRows, int testRows, double meanCanonicalLength, double meanRandomizedLength, Duration wallTime,
            Path dir) {

        /** A seed's outcome, gathered as the run goes; the seed is required. */
        public static Builder builder(long seed) {
            return new Builder(seed);
        }

        /**
         * Builds a {@link SeedResult}; {@code opt…} values start empty: no arms, losses or drift, NaN validation MSE,
         * no rows, NaN lengths, zero time, no folder.
         */
        public static final class Builder {

            private final long seed;
            private Map<Arm, Map<String, Double>> metrics = Map.of();
            private Map<Arm, Long> truncated = Map.of();
            private Map<Arm, MseGap> gaps = Map.of();
            private List<DomainLoss> domainLosses = List.of();
            private TagDrift drift;
            private double validMse = Double.NaN;
            private int corpusMolecules;
            private int trainRows;
            private int validRows;
            private int testRows;
            private double meanCanonicalLength = Double.NaN;
            private double meanRandomizedLength = Double.NaN;
            private Duration wallTime = Duration.ZERO;
            private Path dir;

            private Builder(long seed) {
                this.seed = seed;
            }

            /** Per arm: its metrics, its test rows cut to the token limit, and (but the composed arm) its gap. */
            public Builder optArms(Map<Arm, Map<String, Double>> metrics, Map<Arm, Long> truncated,
                    Map<Arm, MseGap> gaps) {
                this.metrics = metrics;
                this.truncated = truncated;
                this.gaps = gaps;
                return this;
            }

            /** The two stage-1 runs and how alike their tags came out. */
            public Builder optStage1(List<DomainLoss> domainLosses, TagDrift drift) {
                this.domainLosses = domainLosses;
                this.drift = drift;
                return this;
            }

            public Builder optValidMse(double validMse) {
                this.validMse = validMse;
                return this;
            }

            /** Corpus molecules of stage 1, and the labelled rows of each part. */
            public Builder optRows(int corpusMolecules, int trainRows, int validRows, int testRows) {
                this.corpusMolecules = corpusMolecules;
                this.trainRows = trainRows;
                this.validRows = validRows;
                this.testRows = testRows;
                return this;
            }

            /** Mean test SMILES length in characters, canonical and randomised. */
            public Builder optMeanLengths(double canonical, double randomized) {
                this.meanCanonicalLength = canonical;
                this.meanRandomizedLength = randomized;
                return this;
            }

            public Builder optWallTime(Duration wallTime) {
                this.wallTime = wallTime;
                return this;
            }

            public Builder optDir(Path dir) {
                this.dir = dir;
                return this;
            }

            public SeedResult build() {
                return new SeedResult(seed, metrics, truncated, gaps, domainLosses, drift, validMse, corpusMolecules,
                        trainRows, validRows, testRows, meanCanonicalLength, meanRandomizedLength, wallTime, dir);
            }
        }
    }

    /** A metric over the seeds: mean, sample standard deviation (NaN for one seed), seeds counted. */
    public record Summary(double mean, double std, int n) {}

    public record Result(Settings settings, List<SeedResult> seeds, Map<Arm, Map<String, Summary>> summary,
            Duration wallTime) {}

    /** Metrics summarised over seeds and shown in tables. */
    public static final List<String> REPORTED = List.of("mse", "pearson", "spearman");

    static final int BOOTSTRAP_SAMPLES = 2000;
    private static final int PREDICT_BATCH = 32;

    private ZeroShotExperiment() {}

    /**
     * Runs every seed and summarises. The seeds' folders go under {@code out}; a folder from an earlier run is
     * overwritten file by file.
     */
    public static Result run(LocalModel model, Data data, Settings settings, Path out, Listener listener,
            BooleanSupplier cancelled)
            throws IOException, ModelFormatException, BankConflictException, TrainingCancelledException {
        long start = System.nanoTime();
        List<SeedResult> seeds = new ArrayList<>();
        for (long seed : settings.seeds()) {
            seeds.add(runSeed(model, data, settings, seed, out.resolve("seed-" + seed), listener, cancelled));
        }
        return new Result(settings, seeds, summarise(seeds), Duration.ofNanos(System.nanoTime() - start));
    }

    private static SeedResult runSeed(LocalModel model, Data data, Settings s, long seed, Path dir, Listener listener,
            BooleanSupplier cancelled)
            throws IOException, ModelFormatException, BankConflictException, TrainingCancelledException {
        long start = System.nanoTime();
        String at = "seed " + seed + ": ";
        Files.createDirectories(dir);
        listener.step(at + "preparing data (randomised SMILES of the corpus sample and the test rows)");
        ZeroShotFiles files = ZeroShotFiles.prepare(data, s, seed, dir);

        // 1. Stage 1 twice, each domain tag in its own run on the same molecules.
        int lines = files.corpusMolecules();
        DomainPretraining.Result canonical = pretrain(model, CANONICAL_TAG, files.canonicalCorpus(), lines, s, seed,
                listener.step(at + "stage 1 " + CANONICAL_TAG + " on canonical SMILES"), cancelled);
        DomainPretraining.Result randomized = pretrain(model, RANDOMIZED_TAG, files.randomizedCorpus(), lines, s,
                seed, listener.step(at + "stage 1 " + RANDOMIZED_TAG + " on randomised SMILES"), cancelled);
        canonical.bank().write(dir.resolve("smiles.bank"));
        randomized.bank().write(dir.resolve("randsmiles.bank"));

        // 2. Stage 2 with the canonical domain tag only.
        LabelledTask task = new LabelledTask(FUNCTION_TAG, LabelledTask.Type.REGRESSION, List.of(
                new LabelledTask.Input(ZeroShotFiles.FIELD, ColumnKind.SMILES, CANONICAL_TAG, Tokenization.CHARACTER)),
                List.of(data.targetColumn()), null, false);
        FunctionTraining.Settings stage2 = FunctionTraining.Settings.builder().optVectors(s.vectors())
                .optMaxTokens(s.maxTokens()).optBadRows(BadRowPolicy.SKIP).optSplitColumn(ZeroShotFiles.SPLIT)
                .optValidFraction(0.1).optTestFraction(0).setTraining(TrainingSettings.builder()
                        .setBatchSize(s.batchSize()).optEpochs(s.epochs()).optLearningRate(s.learningRate())
                        .optSeed(seed).optLogEvery(5).build()).build();
        FunctionTraining.Result function = FunctionTraining.run(model, canonical.bank(), task,
                DataSource.of(files.train()), stage2, listener.step(at + "stage 2 " + FUNCTION_TAG + " with "
                        + CANONICAL_TAG), cancelled, null);
        TagBank trained = function.bank();
        trained.write(dir.resolve("qed.bank"));

        // 3. The zero-shot banks: the function tag retargeted to <RandSMILES>, trained or at initialisation.
        TagBank retargeted = retarget(trained, FUNCTION_TAG, CANONICAL_TAG, RANDOMIZED_TAG);
        TagBank composed = Composition.compose(List.of(randomized.bank()), retargeted, FUNCTION_TAG);
        TagBank untrained = Composition.compose(List.of(untrainedBank(model, s)), retargeted, FUNCTION_TAG);
        composed.write(dir.resolve("composed.bank"));
        untrained.write(dir.resolve("untrained.bank"));

        // 4. Predictions.
        listener.step(at + "predicting " + files.canonicalTargets().length + " test molecules, four tag arms");
        Map<Arm, double[]> predicted = new EnumMap<>(Arm.class);
        Map<Arm, Long> truncated = new EnumMap<>(Arm.class);
        predictInto(model, composed, files.randomizedTest(), s, Arm.COMPOSED, predicted, truncated);
        predictInto(model, untrained, files.randomizedTest(), s, Arm.UNTRAINED_TAG, predicted, truncated);
        predictInto(model, trained, files.randomizedTest(), s, Arm.MISMATCH, predicted, truncated);
        predictInto(model, trained, files.canonicalTest(), s, Arm.REFERENCE, predicted, truncated);
        double mean = Arrays.stream(files.trainTargets()).average().orElseThrow();
        double[] constant = new double[files.canonicalTargets().length];
        Arrays.fill(constant, mean);
        predicted.put(Arm.MEAN, constant);
        truncated.put(Arm.MEAN, 0L);

        double[] truth = files.canonicalTargets();
        Map<Arm, Map<String, Double>> metrics = new EnumMap<>(Arm.class);
        predicted.forEach((arm, p) -> metrics.put(arm, Metrics.regression(truth, p)));
        Map<Arm, MseGap> gaps = new EnumMap<>(Arm.class);
        for (Arm arm : Arm.values()) {
            if (arm != Arm.COMPOSED) {
                gaps.put(arm, mseGap(truth, predicted.get(arm), predicted.get(Arm.COMPOSED), seed));
            }
        }
        writePredictions(dir.resolve("predictions.csv"), files, predicted);

        List<DomainLoss> losses = List.of(loss(canonical), loss(randomized));
        TagDrift drift = drift(canonical.bank().tag(CANONICAL_TAG).values(),
                randomized.bank().tag(RANDOMIZED_TAG).values(), untrained.tag(RANDOMIZED_TAG).values());
        double validMse = function.validMetrics().getOrDefault("mse", Double.NaN);
        return SeedResult.builder(seed).optArms(metrics, truncated, gaps).optStage1(losses, drift).optValidMse(validMse)
                .optRows(files.corpusMolecules(), files.trainRows(), files.validRows(), truth.length)
                .optMeanLengths(meanLength(files.canonicalTestSmiles()), meanLength(files.randomizedTestSmiles()))
                .optWallTime(Duration.ofNanos(System.nanoTime() - start)).optDir(dir).build();
    }

    /** One domain tag on {@code lines} molecules: all but the held-out ones train, for the given steps. */
    private static DomainPretraining.Result pretrain(LocalModel model, String tag, Path corpus, int lines, Settings s,
            long seed, ProgressListener progress, BooleanSupplier cancelled)
            throws IOException, ModelFormatException, TrainingCancelledException {
        var settings = new DomainPretraining.Settings(s.vectors(), s.stage1MaxTokens(), s.stage1Examples(),
                (double) s.stage1HeldOut() / lines, s.stage1HeldOut(), BadRowPolicy.SKIP, TrainingSettings.builder()
                        .setBatchSize(s.batchSize()).optMaxSteps(s.stage1Steps())
                        .optLearningRate(s.stage1LearningRate()).optSeed(seed).optLogEvery(5).build());
        return DomainPretraining.run(model, List.of(new DomainCorpus(tag, corpus, null, ColumnKind.SMILES,
                Tokenization.CHARACTER)), settings, progress, cancelled, null);
    }

    private static DomainLoss loss(DomainPretraining.Result r) {
        DomainPretraining.DomainOutcome o = r.domains().get(0);
        return new DomainLoss(o.tag(), o.heldOutLossUntagged(), o.heldOutLossBefore(), o.heldOutLossAfter());
    }

    /**
     * The function bank without the domain tag it was trained with, its task naming another domain tag in that
     * tag's place: composing it with a bank holding {@code to} is then a zero-shot pairing, recorded as such.
     */
    static TagBank retarget(TagBank functionBank, String functionTag, String from, String to) {
        TaskEntry task = functionBank.task(functionTag).orElseThrow(() -> new IllegalArgumentException(
                functionBank.describe() + " has no task for " + functionTag));
        List<FieldEntry> fields = new ArrayList<>();
        for (FieldEntry f : task.fields()) {
            fields.add(from.equals(f.domainTag()) ? new FieldEntry(f.name(), to, f.tokenization(), f.kind()) : f);
        }
        TagBank bank = functionBank.hasTag(from) ? functionBank.withoutTag(from) : functionBank;
        return bank.withTask(new TaskEntry(task.functionTag(), task.taskType(), fields, task.segmentIsolation(),
                task.inputSettings()));
    }

    /** {@value #RANDOMIZED_TAG} as stage 1 starts it (the paper's initialisation), never trained. */
    private static TagBank untrainedBank(LocalModel model, Settings s) throws IOException, ModelFormatException {
        BaseModelFingerprint fingerprint;
        try (ModelDirectory dir = ModelDirectory.open(model.dir())) {
            fingerprint = BaseModelFingerprint.of(dir);
        }
        try (TagTable table = TagTable.create(model.decoder())) {
            table.add(new TagSpec(RANDOMIZED_TAG, TagKind.DOMAIN, s.vectors()), false);
            Map<String, Object> hyper = new LinkedHashMap<>();
            hyper.put("vectors", s.vectors());
            hyper.put("steps_done", 0);
            return TagBank.builder(fingerprint).addTag(RANDOMIZED_TAG, TagEntry.Kind.DOMAIN, table.export(RANDOMIZED_TAG))
                    .addProvenance(Provenance.now(Provenance.Stage.STAGE_1).withHyperparameters(hyper)).build();
        }
    }

    private static void predictInto(LocalModel model, TagBank bank, Path test, Settings s, Arm arm,
            Map<Arm, double[]> predicted, Map<Arm, Long> truncated)
            throws IOException, ModelFormatException, BankConflictException {
        try (TagPredictor predictor = TagPredictor.open(model, bank, FUNCTION_TAG)) {
            TagPredictor.Result r = predictor.predict(DataSource.of(test), s.maxTokens(), PREDICT_BATCH);
            double[] values = new double[r.predictions().size()];
            for (int i = 0; i < values.length; i++) {
                TagPredictor.Prediction p = r.predictions().get(i);
                if (p.problem() != null) {
                    throw new IllegalStateException(test + " row " + p.row() + " (" + arm.label() + "): " + p.problem()
                            + "; the experiment wrote only rows CDK had accepted");
                }
                values[i] = p.values()[0];
            }
            predicted.put(arm, values);
            truncated.put(arm, r.report().rowsTruncated());
        }
    }

    static TagDrift drift(float[] canonical, float[] randomized, float[] initial) {
        double dot = 0;
        double canonicalUpdate = 0;
        double randomizedUpdate = 0;
        double apart = 0;
        for (int i = 0; i < initial.length; i++) {
            double c = canonical[i] - initial[i];
            double r = randomized[i] - initial[i];
            dot += c * r;
            canonicalUpdate += c * c;
            randomizedUpdate += r * r;
            apart += (c - r) * (c - r);
        }
        return new TagDrift(dot / Math.sqrt(canonicalUpdate * randomizedUpdate), Math.sqrt(apart / canonicalUpdate));
    }

    /** Paired bootstrap over test rows, seeded by the run's seed. */
    static MseGap mseGap(double[] truth, double[] arm, double[] composed, long seed) {
        int n = truth.length;
        double[] diff = new double[n];
        for (int i = 0; i < n; i++) {
            double a = arm[i] - truth[i];
            double c = composed[i] - truth[i];
            diff[i] = a * a - c * c;
        }
        double estimate = Arrays.stream(diff).average().orElse(Double.NaN);
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        double[] means = new double[BOOTSTRAP_SAMPLES];
        for (int b = 0; b < BOOTSTRAP_SAMPLES; b++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += diff[random.nextInt(n)];
            }
            means[b] = sum / n;
        }
        Arrays.sort(means);
        return new MseGap(estimate, means[(int) Math.floor(0.025 * (BOOTSTRAP_SAMPLES - 1))],
                means[(int) Math.ceil(0.975 * (BOOTSTRAP_SAMPLES - 1))]);
    }

    static Map<Arm, Map<String, Summary>> summarise(List<SeedResult> seeds) {
        Map<Arm, Map<String, Summary>> out = new EnumMap<>(Arm.class);
        for (Arm arm : Arm.values()) {
            Map<String, Summary> byMetric = new LinkedHashMap<>();
            for (String metric : seeds.get(0).metrics().get(arm).keySet()) {
                double[] v = seeds.stream().mapToDouble(r -> r.metrics().get(arm).get(metric)).toArray();
                byMetric.put(metric, summary(v));
            }
            out.put(arm, byMetric);
        }
        return out;
    }

    static Summary summary(double[] values) {
        int n = values.length;
        double mean = Arrays.stream(values).average().orElse(Double.NaN);
        double std = Double.NaN;
        if (n > 1) {
            double ss = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum();
            std = Math.sqrt(ss / (n - 1));
        }
        return new Summary(mean, std, n);
    }

    private static double meanLength(List<String> smiles) {
        return smiles.stream().mapToInt(String::length).average().orElse(Double.NaN);
    }

    private static void writePredictions(Path file, ZeroShotFiles files, Map<Arm, double[]> predicted)
            throws IOException {
        AtomicFiles.write(file, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            CSVPrinter printer = CSVFormat.DEFAULT.print(w);
            List<Object> header = new ArrayList<>(List.of("smiles", "smiles_randomized", "truth"));
            for (Arm arm : Arm.values()) {
                header.add(arm.key());
            }
            printer.printRecord(header);
            double[] truth = files.canonicalTargets();
            for (int i = 0; i < truth.length; i++) {
                List<Object> row = new ArrayList<>(List.of(files.canonicalTestSmiles().get(i),
                        files.randomizedTestSmiles().get(i), truth[i]));
                for (Arm arm : Arm.values()) {
                    row.add(predicted.get(arm)[i]);
                }
                printer.printRecord(row);
            }
            printer.flush();
        });
    }
}
