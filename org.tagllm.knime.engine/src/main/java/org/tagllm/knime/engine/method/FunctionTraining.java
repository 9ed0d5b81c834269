package org.tagllm.knime.engine.method;

import ai.djl.ndarray.NDArray;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.bank.BankConflictException;
import org.tagllm.knime.engine.bank.BaseModelFingerprint;
import org.tagllm.knime.engine.bank.ClassBalanceEntry;
import org.tagllm.knime.engine.bank.DecisionEntry;
import org.tagllm.knime.engine.bank.Head;
import org.tagllm.knime.engine.bank.HeadEntry;
import org.tagllm.knime.engine.bank.InputSettings;
import org.tagllm.knime.engine.bank.Provenance;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.bank.TagEntry;
import org.tagllm.knime.engine.data.BadRowPolicy;
import org.tagllm.knime.engine.data.ColumnKind;
import org.tagllm.knime.engine.data.ColumnMapping;
import org.tagllm.knime.engine.data.DataReport;
import org.tagllm.knime.engine.data.Dataset;
import org.tagllm.knime.engine.data.DatasetLoader;
import org.tagllm.knime.engine.data.Example;
import org.tagllm.knime.engine.data.LengthLimit;
import org.tagllm.knime.engine.data.LengthPolicy;
import org.tagllm.knime.engine.data.NormalizerRegistry;
import org.tagllm.knime.engine.data.TokenBudget;
import org.tagllm.knime.engine.model.ModelDirectory;
import org.tagllm.knime.engine.split.DatasetSplit;
import org.tagllm.knime.engine.split.DatasetSplitter;
import org.tagllm.knime.engine.split.Partition;
import org.tagllm.knime.engine.split.SplitFractions;
import org.tagllm.knime.engine.split.SplitSpec;
import org.tagllm.knime.engine.split.Splits;
import org.tagllm.knime.engine.tags.ClassificationHead;
import org.tagllm.knime.engine.tags.PromptInit;
import org.tagllm.knime.engine.tags.RegressionHead;
import org.tagllm.knime.engine.tags.SequenceEncoder;
import org.tagllm.knime.engine.tags.TagBatch;
import org.tagllm.knime.engine.tags.TagKind;
import org.tagllm.knime.engine.tags.TagModel;
import org.tagllm.knime.engine.tags.TagSpec;
import org.tagllm.knime.engine.tags.TagTable;
import org.tagllm.knime.engine.tags.TaggedSequence;
import org.tagllm.knime.engine.tags.TargetScaling;
import org.tagllm.knime.engine.tags.TaskField;
import org.tagllm.knime.engine.tags.TaskHead;
import org.tagllm.knime.engine.tags.TaskTemplate;
import org.tagllm.knime.engine.tags.Tokenization;
import org.tagllm.knime.engine.tokenizer.TextTokenizer;
import org.tagllm.knime.engine.train.BalancedEpochOrder;
import org.tagllm.knime.engine.train.Evaluator;
import org.tagllm.knime.engine.train.ProgressListener;
import org.tagllm.knime.engine.train.ScoreNames;
import org.tagllm.knime.engine.train.TrainableSet;
import org.tagllm.knime.engine.train.Trainer;
import org.tagllm.knime.engine.train.TrainingCancelledException;
import org.tagllm.knime.engine.train.TrainingResult;
import org.tagllm.knime.engine.train.TrainingSettings;
import org.tagllm.knime.engine.train.WorkProgress.Phase;
import org.tagllm.knime.engine.train.WorkProgress;

/**
 * Stages 2 and 3: a function tag and its head learned on labelled data through the frozen model. The domain tags
 * come from stage-1 banks (merged beforehand) and stay frozen, unless stage 2 enriches them; the function tag stands
 * at the end of the input and its last vector feeds the head.
 */
public final class FunctionTraining {

    /**
     * How stages 2 and 3 train. Built with {@link #builder()} ({@code setTraining} required, {@code opt…} with the
     * {@code DEFAULT_…} constants, the defaults of {@code tagllm train} and the Tag Trainer node); the canonical
     * constructor stays for records that must name every component.
     *
     * @param vectors          p of the new function tag
     * @param maxTokens        positions per example at most (capped by the model's); longer inputs are cut
     * @param badRows          skip (report and drop) or fail; kept rows cannot train
     * @param splitColumn      a column naming each row's part (train…/valid/test), or null for a seeded random split
     * @param validFraction    validation share of a random split, or of the training rows when the column has none
     * @param testFraction     test share of a random split
     * @param enrichDomainTags stage 2 only: train the domain tag too
     * @param maxTrainExamples training rows at most (0 = all), for quick runs
     * @param maxEvalExamples  validation and test rows at most, each (0 = all): evaluation runs every epoch
     * @param training         optimiser, schedule, epochs or steps, seed, checkpoints
     * @param layout           the full method, or a baseline or ablation ({@link TagLayout}); only the full method
     *                         yields a bank
     * @param dataSeed         the seed of the random split and of the row caps; negative = the training seed (so
     *                         repeated training seeds can share one split)
     * @param split            a random, scaffold or group split by the data layer's {@link DatasetSplitter} (its own
     *                         fractions and seed), or null for {@code splitColumn} or the random split by the
     *                         fractions above; a given split ({@code column:COL}) becomes {@code splitColumn}
     * @param promptInit       how the prompt-tuning layout's soft prompt starts (drawn by the training seed)
     * @param fieldMaxTokens   per input column, its value's tokens at most (cut before the total limit applies);
     *                         recorded in the bank with the other input settings
     * @param classBalance     classification: class weights in the loss and/or balanced batches (recorded in the
     *                         bank when used)
     * @param threshold        two-class classification: what the decision threshold maximises on validation
     *                         (recorded in the bank); {@link ThresholdCriterion#NONE} for the most probable class
     */
    public record Settings(int vectors, int maxTokens, BadRowPolicy badRows, String splitColumn, double validFraction,
            double testFraction, boolean enrichDomainTags, int maxTrainExamples, int maxEvalExamples,
            TrainingSettings training, TagLayout layout, long dataSeed, SplitSpec split, PromptInit promptInit,
            Map<String, Integer> fieldMaxTokens, ClassBalance classBalance, ThresholdCriterion threshold) {

        public Settings {
            Objects.requireNonNull(classBalance, "classBalance");
            Objects.requireNonNull(threshold, "threshold");
            Objects.requireNonNull(badRows, "badRows");
            Objects.requireNonNull(training, "training");
            Objects.requireNonNull(layout, "layout");
            Objects.requireNonNull(promptInit, "promptInit");
            fieldMaxTokens = Map.copyOf(fieldMaxTokens);
            if (badRows == BadRowPolicy.KEEP) {
                throw new IllegalArgumentException("rows kept with a problem cannot train; use skip or fail");
            }
            if (vectors < 1 || maxTokens < 2) {
                throw new IllegalArgumentException("vectors must be positive and max tokens at least 2");
            }
            if (split instanceof SplitSpec.Given given) {
                if (splitColumn != null && !splitColumn.equals(given.column())) {
                    throw new IllegalArgumentException("split column '" + splitColumn + "' and split '"
                            + given.describe() + "' name different columns; name one");
                }
                splitColumn = given.column(); // the same reading of the column, with validation carved as before
                split = null;
            }
            if (split != null && splitColumn != null) {
                throw new IllegalArgumentException("split column '" + splitColumn + "' and split '" + split.describe()
                        + "' both say how rows split; name one");
            }
        }

        /** Settings built from the defaults below; only the training settings are required. */
        public static Builder builder() {
            return new Builder();
        }

        /** A builder holding these settings, to change some of them. */
        public Builder toBuilder() {
            return new Builder().setTraining(training).optVectors(vectors).optMaxTokens(maxTokens).optBadRows(badRows)
                    .optSplitColumn(splitColumn).optValidFraction(validFraction).optTestFraction(testFraction)
                    .optEnrichDomainTags(enrichDomainTags).optMaxTrainExamples(maxTrainExamples)
                    .optMaxEvalExamples(maxEvalExamples).optLayout(layout).optDataSeed(dataSeed).optSplit(split)
                    .optPromptInit(promptInit).optFieldMaxTokens(fieldMaxTokens).optClassBalance(classBalance)
                    .optThreshold(threshold);
        }

        /** These settings with the soft prompt started another way. */
        public Settings withPromptInit(PromptInit init) {
            return toBuilder().optPromptInit(init).build();
        }

        /** These settings with each named input column's value held to its own number of tokens. */
        public Settings withFieldMaxTokens(Map<String, Integer> caps) {
            return toBuilder().optFieldMaxTokens(caps).build();
        }

        /** These settings for another layout. */
        public Settings withLayout(TagLayout l) {
            return toBuilder().optLayout(l).build();
        }

        /** These settings with the split and row caps seeded by {@code seed} whatever the training seed. */
        public Settings withDataSeed(long seed) {
            return toBuilder().optDataSeed(seed).build();
        }

        /** These settings with other training settings. */
        public Settings withTraining(TrainingSettings t) {
            return toBuilder().setTraining(t).build();
        }

        /** These settings with rows split as {@code spec} says (random, scaffold, group or given). */
        public Settings withSplit(SplitSpec spec) {
            return toBuilder().optSplit(spec).build();
        }

        /** The split in words, for results and provenance. */
        public String splitDescription() {
            if (split != null) {
                return split.describe();
            }
            return splitColumn != null ? "given by column '" + splitColumn + "'" : String.format(Locale.ROOT,
                    "random, fractions %s / %s / %s, seed %d", 1 - validFraction - testFraction, validFraction,
                    testFraction, splitSeed());
        }

        /** The seed of the split and the row caps. */
        public long splitSeed() {
            return dataSeed >= 0 ? dataSeed : training.seed();
        }

        /** Vectors of the function tag, p, unless set. */
        public static final int DEFAULT_VECTORS = 10;
        /** Positions per example at most, unless set (the model's cap applies too). */
        public static final int DEFAULT_MAX_TOKENS = 512;
        /** Validation share of a random split, unless set. */
        public static final double DEFAULT_VALID_FRACTION = 0.1;
        /** Test share of a random split, unless set. */
        public static final double DEFAULT_TEST_FRACTION = 0.1;
        /** Rows with a problem are reported and dropped, unless set. */
        public static final BadRowPolicy DEFAULT_BAD_ROWS = BadRowPolicy.SKIP;

        /**
         * Builds {@link Settings}: {@code set…} is required, {@code opt…} has the default named by the constants
         * above (0 row caps = all rows, the full {@link TagLayout#TAG_LLM} method, the split seeded by the training
         * seed). {@link #build()} checks the whole.
         */
        public static final class Builder {

            private TrainingSettings training;
            private int vectors = DEFAULT_VECTORS;
            private int maxTokens = DEFAULT_MAX_TOKENS;
            private BadRowPolicy badRows = DEFAULT_BAD_ROWS;
            private String splitColumn;
            private double validFraction = DEFAULT_VALID_FRACTION;
            private double testFraction = DEFAULT_TEST_FRACTION;
            private boolean enrichDomainTags;
            private int maxTrainExamples;
            private int maxEvalExamples;
            private TagLayout layout = TagLayout.TAG_LLM;
            private long dataSeed = -1;
            private SplitSpec split;
            private PromptInit promptInit = PromptInit.VOCAB;
            private Map<String, Integer> fieldMaxTokens = Map.of();
            private ClassBalance classBalance = ClassBalance.NONE;
            private ThresholdCriterion threshold = ThresholdCriterion.DEFAULT;

            private Builder() {}

            /** Class weights and/or balanced batches; default {@link ClassBalance#NONE}. */
            public Builder optClassBalance(ClassBalance classBalance) {
                this.classBalance = classBalance;
                return this;
            }

            /** What a two-class decision threshold maximises; default {@link ThresholdCriterion#DEFAULT} (MCC). */
            public Builder optThreshold(ThresholdCriterion threshold) {
                this.threshold = threshold;
                return this;
            }

            /** Optimiser, schedule, epochs or steps, seed, checkpoints; required. */
            public Builder setTraining(TrainingSettings training) {
                this.training = training;
                return this;
            }

            public Builder optVectors(int vectors) {
                this.vectors = vectors;
                return this;
            }

            public Builder optMaxTokens(int maxTokens) {
                this.maxTokens = maxTokens;
                return this;
            }

            public Builder optBadRows(BadRowPolicy badRows) {
                this.badRows = badRows;
                return this;
            }

            /** A column naming each row's part; default none (a seeded random split). */
            public Builder optSplitColumn(String splitColumn) {
                this.splitColumn = splitColumn;
                return this;
            }

            public Builder optValidFraction(double validFraction) {
                this.validFraction = validFraction;
                return this;
            }

            public Builder optTestFraction(double testFraction) {
                this.testFraction = testFraction;
                return this;
            }

            /** Stage 2: train the domain tag too; default false. */
            public Builder optEnrichDomainTags(boolean enrich) {
                this.enrichDomainTags = enrich;
                return this;
            }

            /** Training rows at most; default 0 = all. */
            public Builder optMaxTrainExamples(int max) {
                this.maxTrainExamples = max;
                return this;
            }

            /** Validation and test rows at most, each; default 0 = all. */
            public Builder optMaxEvalExamples(int max) {
                this.maxEvalExamples = max;
                return this;
            }

            /** Default {@link TagLayout#TAG_LLM}, the only layout that yields a bank. */
            public Builder optLayout(TagLayout layout) {
                this.layout = layout;
                return this;
            }

            /** Seed of the split and the row caps; default -1 = the training seed. */
            public Builder optDataSeed(long dataSeed) {
                this.dataSeed = dataSeed;
                return this;
            }

            /** A random, scaffold, group or given split; default none (the split column or the fractions). */
            public Builder optSplit(SplitSpec split) {
                this.split = split;
                return this;
            }

            /** How the prompt-tuning layout's soft prompt starts; default {@link PromptInit#VOCAB}. */
            public Builder optPromptInit(PromptInit promptInit) {
                this.promptInit = promptInit;
                return this;
            }

            /** Per input column, its value's tokens at most; default none (only the total limit). */
            public Builder optFieldMaxTokens(Map<String, Integer> fieldMaxTokens) {
                this.fieldMaxTokens = fieldMaxTokens;
                return this;
            }

            /** The settings, checked as a whole (see {@link Settings}). */
            public Settings build() {
                if (training == null) {
                    throw new IllegalStateException("training settings are required: call setTraining");
                }
                return new Settings(vectors, maxTokens, badRows, splitColumn, validFraction, testFraction,
                        enrichDomainTags, maxTrainExamples, maxEvalExamples, training, layout, dataSeed, split,
                        promptInit, fieldMaxTokens, classBalance, threshold);
            }
        }
    }

    /**
     * @param bank                the trained bank (full method only; null for baselines and ablations)
     * @param trainableParameters the number of trained values (tag vectors and head)
     * @param testPredictions     the test rows' answers (empty without test rows)
     * @param warnings            signs that the run learnt nothing useful ({@link TrainingHealth}), one line each
     */
    public record Result(TagBank bank, TrainingResult training, int stage, Map<Partition, Integer> sizes,
            Map<String, Double> validMetrics, Map<String, Double> testMetrics, DataReport report,
            long trainableParameters, TaskPredictions testPredictions, List<String> warnings) {

        public Result {
            warnings = List.copyOf(warnings);
        }
    }

    private FunctionTraining() {}

    public static Result run(LocalModel model, TagBank domainBank, LabelledTask task, DataSource data, Settings s,
            ProgressListener progress, BooleanSupplier cancelled, Path resumeFrom)
            throws IOException, ModelFormatException, BankConflictException, TrainingCancelledException {
        BaseModelFingerprint fingerprint;
        try (ModelDirectory dir = ModelDirectory.open(model.dir())) {
            fingerprint = BaseModelFingerprint.of(dir);
        }
        if (domainBank != null) {
            domainBank.checkCompatible(fingerprint);
        }
        TagLayout layout = s.layout();
        boolean enrich = s.enrichDomainTags() && task.stage() == 2 && layout.domainTags();
        try (TagTable table = TagTable.create(model.decoder())) {
            // 1. Tags: the task's domain tags from the bank (frozen unless enriched), a new function tag; or what the
            //    layout keeps of them, and a soft prompt of the same size for prompt tuning.
            Set<String> taskDomainTags = new LinkedHashSet<>();
            task.inputs().stream().map(LabelledTask.Input::domainTag).filter(Objects::nonNull)
                    .forEach(taskDomainTags::add);
            Set<String> domainTags = layout.domainTags() ? taskDomainTags : Set.of();
            for (String tag : domainTags) {
                if (domainBank == null || !domainBank.hasTag(tag)) {
                    throw new IllegalArgumentException("domain tag " + tag + " is not in the given banks"
                            + (domainBank == null ? " (none given)" : "; they hold "
                            + domainBank.tagNames(TagEntry.Kind.DOMAIN)) + "; train it with pretrain-domain first");
                }
                BankTensors.loadTag(domainBank, tag, table, enrich);
            }
            if (layout.functionTag()) {
                table.add(new TagSpec(task.functionTag(), TagKind.FUNCTION, s.vectors()), true);
            }
            if (layout.softPrompt()) {
                int p = s.vectors() * (taskDomainTags.size() + 1);
                table.put(new TagSpec(TagLayout.SOFT_PROMPT, TagKind.DOMAIN, p), s.promptInit().vectors(
                        model.decoder(), table.statistics(), p, s.training().seed()), true);
            }
            TaskTemplate template = template(task, layout);
            SequenceEncoder encoder = new SequenceEncoder(model.tokenizer(), table.specs());
            Answering answering = new Answering(task.type(), layout.head());

            // 2. Data: checked rows, inputs cut to the budget, split into parts.
            Dataset dataset = load(task, data, s, encoder, table, template, answering, model, progress);
            Map<Partition, List<Example>> parts = splitByWholeMolecules(dataset.examples(), task, data, s);
            List<String> classes = classes(task, dataset.examples());
            // A cap samples by the seed: files are often sorted (Davis by drug), so their head is no sample.
            List<TrainExample> train = encode(capped(parts.get(Partition.TRAIN), s.maxTrainExamples(), s), task,
                    answering, template, encoder, classes);
            List<TrainExample> valid = encode(capped(parts.get(Partition.VALID), s.maxEvalExamples(), s), task,
                    answering, template, encoder, classes);
            List<TrainExample> test = encode(capped(parts.get(Partition.TEST), s.maxEvalExamples(), s), task,
                    answering, template, encoder, classes);
            if (train.isEmpty()) {
                throw new IllegalArgumentException(data.name() + ": no training rows after checks and split");
            }
            int patience = s.training().earlyStoppingPatience();
            if (valid.isEmpty() && patience > 0) {
                throw new IllegalArgumentException(data.name() + ": early stopping (patience " + patience + ") needs "
                        + "validation rows, and the split left none; give a validation share above 0 or a split "
                        + "column with a validation part, or turn early stopping off");
            }

            // 3. Head (none when the LM head answers).
            TaskHead head = !answering.byLanguageModel() ? switch (task.type()) {
                case REGRESSION -> RegressionHead.create(task.functionTag(), table.statistics(),
                        TargetScaling.fit(train.stream().map(TrainExample::target).toArray(double[][]::new)),
                        table.device());
                case CLASSIFICATION -> ClassificationHead.create(task.functionTag(), classes, table.hiddenSize(),
                        s.training().seed(), table.device());
                case GENERATION -> null;
            } : null;
            try (head) {
                TagModel tagModel = head == null ? new TagModel(model.decoder(), table)
                        : new TagModel(model.decoder(), table, head);
                TrainableSet.Builder trainables = TrainableSet.builder();
                if (layout.functionTag()) {
                    trainables.add(task.functionTag(), table.vectors(task.functionTag()));
                }
                if (layout.softPrompt()) {
                    trainables.add(TagLayout.SOFT_PROMPT, table.vectors(TagLayout.SOFT_PROMPT));
                }
                List<NDArray> headParams = head == null ? List.of() : head.parameters();
                for (int i = 0; i < headParams.size(); i++) {
                    trainables.add("head." + i, headParams.get(i));
                }
                if (enrich) {
                    domainTags.forEach(t -> trainables.add(t, table.vectors(t)));
                }
                int evalBatch = Math.max(s.training().batchSize(), 16);
                BatchedReadout readout = new BatchedReadout(tagModel, model.tokenizer(), evalBatch);
                LongConsumer validRows = done -> progress.onWork(new WorkProgress(Phase.VALIDATION, done,
                        valid.size()));
                LongConsumer testRows = done -> progress.onWork(new WorkProgress(Phase.TEST, done, test.size()));
                // Class weights per training row's class, and balanced batches, when the user asked for them.
                boolean classHead = head instanceof ClassificationHead;
                int[] trainLabels = TaskScorer.labels(train);
                double[] lossWeights = classHead && s.classBalance().isActive()
                        ? s.classBalance().lossWeights(classes, trainLabels) : null;
                float[] classWeights = lossWeights == null || s.classBalance().weighting()
                        == ClassBalance.Weighting.NONE ? null : floats(lossWeights);
                TrainingResult result;
                long parameterCount;
                try (TrainableSet set = trainables.build()) {
                    parameterCount = set.elementCount();
                    Trainer.Builder<TrainExample> trainer = Trainer.<TrainExample>builder().setTrainables(set)
                            .setTrainingData(train).setSettings(s.training())
                            .setStepFunction((micro, call) -> loss(tagModel, answering, micro, call, classWeights))
                            .optProgressListener(progress).optCancellation(cancelled)
                            .optScoreNames(scoreNames(answering));
                    if (classHead && s.classBalance().balancedBatches()) {
                        trainer.optEpochOrdering(new BalancedEpochOrder(trainLabels));
                    }
                    if (!valid.isEmpty()) {
                        trainer.optEvaluator(evaluator(tagModel, readout, answering, valid, evalBatch, validRows));
                    }
                    Trainer<TrainExample> t = trainer.build();
                    result = resumeFrom == null ? t.train() : t.resume(resumeFrom);
                }
                if (!valid.isEmpty()) {
                    validRows.accept(0);
                }
                ClassBalanceEntry balance = null;
                if (lossWeights != null) {
                    double[] shift = s.classBalance().logitShift(lossWeights, classes, trainLabels);
                    ((ClassificationHead) head).shiftBias(shift); // the prior correction, before calibration
                    balance = s.classBalance().entry(lossWeights, shift);
                }
                if (head instanceof ClassificationHead c && !valid.isEmpty()) {
                    c.fitTemperature(readout.classLogits(TaskScorer.sequences(valid)), TaskScorer.labels(valid));
                }
                TaskScorer scorer = new TaskScorer(tagModel, model.tokenizer(), answering, encoder, classes,
                        firstTargets(train), evalBatch);
                TaskScorer.Answers validAnswers = valid.isEmpty() ? TaskScorer.Answers.NONE
                        : scorer.answers(valid, validRows);
                TaskPredictions validPredictions = validAnswers.predictions();
                DecisionEntry decision = decision(task, classes, valid, validPredictions, s.threshold());
                ClassDecision decide = decision == null ? ClassDecision.MOST_PROBABLE
                        : ClassDecision.threshold(decision.threshold());
                Map<String, Double> validMetrics = valid.isEmpty() ? Map.of()
                        : scorer.metrics(valid, validAnswers, decide);
                // (For generation the validation metrics include greedy decoding of up to GENERATION_SAMPLE rows.)
                if (!valid.isEmpty()) {
                    validRows.accept(valid.size());
                }
                TaskScorer.Answers testAnswers = test.isEmpty() ? TaskScorer.Answers.NONE
                        : scorer.answers(test, testRows);
                TaskPredictions testPredictions = testAnswers.predictions();
                Map<String, Double> testMetrics = test.isEmpty() ? Map.of()
                        : scorer.metrics(test, testAnswers, decide);
                if (!test.isEmpty()) {
                    testRows.accept(test.size());
                }
                Map<Partition, Integer> sizes = new EnumMap<>(Partition.class);
                sizes.put(Partition.TRAIN, train.size());
                sizes.put(Partition.VALID, valid.size());
                sizes.put(Partition.TEST, test.size());
                TagBank bank = layout != TagLayout.TAG_LLM ? null : bank(fingerprint, domainBank, table, domainTags,
                        head, model, template, task, data, s, result, sizes, validMetrics, testMetrics,
                        dataset.report(), decision, balance);
                List<String> warnings = TrainingHealth.warnings(result,
                        valid.isEmpty() ? testPredictions : validPredictions, s.training().learningRate());
                return new Result(bank, result, task.stage(), sizes, validMetrics, testMetrics, dataset.report(),
                        parameterCount, testPredictions, warnings);
            }
        }
    }

    /**
     * The rows a run with these settings trains, validates and tests on, after checks, split and caps: exactly the
     * rows of {@link #run} (inputs are not cut to a token budget here), for baselines that read rows without the
     * model (mean predictor, fingerprint models).
     */
    public static Map<Partition, List<Example>> parts(LabelledTask task, DataSource data, Settings s)
            throws IOException {
        Map<Partition, List<Example>> parts = split(loadWhole(task, data, s).examples(), task, s);
        Map<Partition, List<Example>> out = new EnumMap<>(Partition.class);
        out.put(Partition.TRAIN, capped(parts.get(Partition.TRAIN), s.maxTrainExamples(), s));
        out.put(Partition.VALID, capped(parts.get(Partition.VALID), s.maxEvalExamples(), s));
        out.put(Partition.TEST, capped(parts.get(Partition.TEST), s.maxEvalExamples(), s));
        return out;
    }

    /** The checked rows with their inputs whole (not cut to a token budget). */
    private static Dataset loadWhole(LabelledTask task, DataSource data, Settings s) throws IOException {
        return DatasetLoader.builder().badRows(s.badRows()).normalizers(NormalizerRegistry.defaults())
                .splitValues(splitValues(s)).build().load(columns(task, s), data.records(), rows -> {});
    }

    /**
     * Rows by part, where a split by scaffold reads the whole molecules: an input cut to the token budget is often no
     * molecule (BBBP's 400-character SMILES cut at an open bracket), and a cut that still parses has another
     * scaffold. The whole rows are split and each cut row goes where its whole row went (same row number), so a run
     * trains and tests on the rows {@link #parts} gives.
     */
    static Map<Partition, List<Example>> splitByWholeMolecules(List<Example> cut, LabelledTask task, DataSource data,
            Settings s) throws IOException {
        if (!readsScaffolds(splitSpec(s))) {
            return split(cut, task, s);
        }
        Map<Long, Partition> partOf = new HashMap<>();
        split(loadWhole(task, data, s).examples(), task, s).forEach((p, rows) -> rows.forEach(e -> partOf.put(e.row(),
                p)));
        Map<Partition, List<Example>> out = new EnumMap<>(Partition.class);
        for (Partition p : Partition.values()) {
            out.put(p, new ArrayList<>());
        }
        for (Example e : cut) {
            Partition p = partOf.get(e.row());
            if (p == null) {
                throw new IllegalStateException("row " + e.row() + " was read cut but not whole");
            }
            out.get(p).add(e);
        }
        return out;
    }

    private static boolean readsScaffolds(SplitSpec spec) {
        return spec instanceof SplitSpec.Scaffold || spec instanceof SplitSpec.ExchangeableScaffold
                || spec instanceof SplitSpec.Fold f && (f.scaffoldColumn() != null || readsScaffolds(f.base()));
    }

    static TaskTemplate template(LabelledTask task) {
        return template(task, TagLayout.TAG_LLM);
    }

    static TaskTemplate template(LabelledTask task, TagLayout layout) {
        List<TaskField> fields = new ArrayList<>();
        for (LabelledTask.Input in : task.inputs()) {
            fields.add(new TaskField(in.column(), layout.domainTags() ? in.domainTag() : null, in.tokenization()));
        }
        return new TaskTemplate(fields, layout.functionTag() ? task.functionTag() : null,
                task.isolateSegments() && layout.domainTags(), layout.softPrompt() ? TagLayout.SOFT_PROMPT : null);
    }

    private static double[] firstTargets(List<TrainExample> train) {
        return train.stream().filter(t -> t.target() != null).mapToDouble(t -> t.target()[0]).toArray();
    }

    private static Dataset load(LabelledTask task, DataSource data, Settings s, SequenceEncoder encoder, TagTable table,
            TaskTemplate template, Answering answering, LocalModel model, ProgressListener progress)
            throws IOException {
        Map<String, Tokenization> tokenization = new LinkedHashMap<>();
        // BOS + every tag the template places (+ room for an answer the LM head writes).
        int overhead = 1 + answering.answerReserve();
        if (template.functionTag() != null) {
            overhead += table.spec(template.functionTag()).vectors();
        }
        if (template.softPrompt() != null) {
            overhead += table.spec(template.softPrompt()).vectors();
        }
        for (TaskField f : template.fields()) {
            tokenization.put(f.field(), f.tokenization());
            overhead += f.domainTag() == null ? 0 : table.spec(f.domainTag()).vectors();
        }
        for (String column : s.fieldMaxTokens().keySet()) {
            if (!tokenization.containsKey(column)) {
                throw new IllegalArgumentException("a token cap names column '" + column + "', which is no input of "
                        + "this task " + tokenization.keySet());
            }
        }
        TokenBudget budget = new TokenBudget((column, value) -> encoder.tokens(value, tokenization.get(column)).length,
                overhead, maxPositions(s, model), s.fieldMaxTokens());
        return DatasetLoader.builder().badRows(s.badRows()).normalizers(NormalizerRegistry.defaults())
                .splitValues(splitValues(s)).lengthLimit(new LengthLimit(budget, LengthPolicy.TRUNCATE)).build()
                .load(columns(task, s), data.records(),
                        rows -> progress.onWork(new WorkProgress(Phase.READING, rows, -1)));
    }

    /** Positions per example: the setting, capped by the model's. */
    private static int maxPositions(Settings s, LocalModel model) {
        return Math.min(s.maxTokens(), model.config().maxPositions());
    }

    /** The columns a task reads: inputs, numeric targets or the label (class, or answer text), the split. */
    private static ColumnMapping columns(LabelledTask task, Settings s) {
        ColumnMapping.Builder columns = ColumnMapping.builder();
        task.inputs().forEach(in -> columns.input(in.column(), in.kind()));
        if (task.type() == LabelledTask.Type.REGRESSION) {
            task.targets().forEach(columns::numericTarget);
        } else {
            columns.label(task.label());
        }
        if (s.splitColumn() != null) {
            columns.split(s.splitColumn());
        } else if (s.split() instanceof SplitSpec.Fold f && f.base() instanceof SplitSpec.Given g) {
            columns.split(g.column()); // cross-conformal folds of a given split read its column
        }
        // A cold split's column is read too when it is no input, e.g. a drug id beside the SMILES.
        SplitSpec split = s.split() instanceof SplitSpec.Fold f ? f.base() : s.split();
        if (split instanceof SplitSpec.Grouped g
                && task.inputs().stream().noneMatch(in -> in.column().equals(g.column()))) {
            columns.group(g.column());
        }
        return columns.build();
    }

    /**
     * The split column's values by the data layer's mapping (train…/valid/test, Davis' train0–3/train4/test), or null
     * without a split column. The loader checks each row against it, so an unknown value is a bad row, skipped or
     * failed by the run's policy.
     */
    private static SplitSpec.Given splitValues(Settings s) {
        return s.splitColumn() == null ? null : SplitSpec.Given.byColumn(s.splitColumn());
    }

    /**
     * Rows by part, placed by the data layer's {@link DatasetSplitter} as {@link #splitSpec} says; a given split
     * without validation rows has them carved from its training rows by the seed.
     */
    static Map<Partition, List<Example>> split(List<Example> rows, LabelledTask task, Settings s) {
        SplitSpec spec = splitSpec(s);
        DatasetSplit split = DatasetSplitter.split(rows, columns(task, s), spec);
        if (!split.unsplit().isEmpty()) {
            // Training has no place for a row the split cannot place (a scaffold split's molecule without one). An
            // unknown split value never gets here: the loader made it a bad row, skipped or failed by the policy.
            throw new IllegalArgumentException(split.unsplit().get(0).describe() + " (split: " + spec.describe()
                    + ")");
        }
        Map<Partition, List<Example>> out = new EnumMap<>(Partition.class);
        for (Partition p : Partition.values()) {
            out.put(p, new ArrayList<>(split.examples(p)));
        }
        if (spec instanceof SplitSpec.Given && out.get(Partition.VALID).isEmpty()) {
            carveValidation(out, s.validFraction(), s.splitSeed());
        }
        return out;
    }

    /**
     * The split the settings ask for: their split spec; else the split column read with the default mapping; else a
     * seeded random split by their fractions.
     */
    static SplitSpec splitSpec(Settings s) {
        if (s.split() != null) {
            return s.split();
        }
        if (s.splitColumn() != null) {
            return splitValues(s);
        }
        return new SplitSpec.Random(new SplitFractions(1 - s.validFraction() - s.testFraction(), s.validFraction(),
                s.testFraction()), s.splitSeed());
    }

    /** At most {@code max} rows (0 = all), drawn by the seed so that the sample does not follow the file's order. */
    static List<Example> capped(List<Example> rows, int max, Settings s) {
        if (max <= 0 || rows.size() <= max) {
            return rows;
        }
        Partition[] pick = Splits.random(rows.size(), new SplitFractions((double) max / rows.size(),
                1 - (double) max / rows.size(), 0), s.splitSeed());
        List<Example> out = new ArrayList<>(max);
        for (int i = 0; i < pick.length; i++) {
            if (pick[i] == Partition.TRAIN) {
                out.add(rows.get(i));
            }
        }
        return out;
    }

    /** Moves a seeded {@code fraction} of the training rows to validation, each part keeping file order. */
    private static void carveValidation(Map<Partition, List<Example>> parts, double fraction, long seed) {
        List<Example> train = parts.put(Partition.TRAIN, new ArrayList<>());
        Partition[] inner = Splits.random(train.size(), new SplitFractions(1 - fraction, fraction, 0), seed);
        for (int i = 0; i < inner.length; i++) {
            parts.get(inner[i]).add(train.get(i));
        }
    }

    /** Positions kept free for a generated answer when inputs are cut to the budget. */
    static final int ANSWER_RESERVE = 64;

    private static List<String> classes(LabelledTask task, List<Example> rows) {
        if (task.type() != LabelledTask.Type.CLASSIFICATION) {
            return List.of();
        }
        List<String> classes = new ArrayList<>(new TreeSet<>(rows.stream().map(Example::label).toList()));
        if (classes.size() < 2) {
            throw new IllegalArgumentException("column " + task.label() + " has " + classes.size()
                    + " distinct label(s) " + classes + "; classification needs at least two");
        }
        return classes;
    }

    private static List<TrainExample> encode(List<Example> rows, LabelledTask task, Answering answering,
            TaskTemplate template, SequenceEncoder encoder, List<String> classes) {
        List<TrainExample> out = new ArrayList<>(rows.size());
        for (Example e : rows) {
            TaggedSequence prompt = encoder.prompt(template, e.inputs());
            int label = task.type() == LabelledTask.Type.CLASSIFICATION ? classes.indexOf(e.label()) : -1;
            if (answering.byLanguageModel()) {
                String answer = answering.numberAsText() ? Answering.numberText(e.numericTarget()[0]) : e.label();
                TaggedSequence full = encoder.withAnswer(template, e.inputs(), answer);
                out.add(new TrainExample(e.row(), full, e.numericTarget(), label, prompt, answer));
            } else {
                out.add(TrainExample.labelled(e.row(), prompt, e.numericTarget(), label));
            }
        }
        return out;
    }

    /**
     * The two-class decision threshold chosen on the validation rows' calibrated probabilities, or null: more than two
     * classes, no criterion, no validation rows, or validation rows of one class (nothing to choose between).
     */
    private static DecisionEntry decision(LabelledTask task, List<String> classes, List<TrainExample> valid,
            TaskPredictions validPredictions, ThresholdCriterion criterion) {
        if (task.type() != LabelledTask.Type.CLASSIFICATION || classes.size() != 2 || valid.isEmpty()) {
            return null;
        }
        double[] scores = Arrays.stream(validPredictions.predicted()).mapToDouble(p -> p[1]).toArray();
        if (!Arrays.stream(scores).allMatch(Double::isFinite)) {
            return null; // a diverged model: its metrics say so
        }
        return ThresholdSearch.best(TaskScorer.labels(valid), scores, criterion)
                .map(c -> new DecisionEntry(classes.get(1), c.threshold(), criterion.id(), c.score())).orElse(null);
    }

    private static float[] floats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    private static NDArray loss(TagModel model, Answering answering, List<TrainExample> micro,
            ai.djl.ndarray.NDManager call, float[] classWeights) {
        TagBatch batch = TagBatch.of(micro.stream().map(TrainExample::sequence).toList(), TagBatch.Padding.RIGHT);
        if (answering.byLanguageModel()) {
            return model.languageModelLoss(batch, call); // answer tokens and EOS only
        }
        return answering.type() == LabelledTask.Type.REGRESSION
                ? model.headLoss(batch, micro.stream().map(TrainExample::target).toArray(double[][]::new), call)
                : classWeights == null ? model.headLoss(batch, TaskScorer.labels(micro), call)
                : model.headLoss(batch, TaskScorer.labels(micro), exampleWeights(micro, classWeights), call);
    }

    private static float[] exampleWeights(List<TrainExample> micro, float[] classWeights) {
        float[] w = new float[micro.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = classWeights[micro.get(i).label()];
        }
        return w;
    }

    /**
     * Validation score, lower is better: MSE in the target's units, the classes' negative log-likelihood, or the
     * answer tokens' cross-entropy when the LM head answers.
     */
    private static Evaluator evaluator(TagModel model, BatchedReadout readout, Answering answering,
            List<TrainExample> valid, int batch, LongConsumer rowsDone) {
        List<TaggedSequence> sequences = TaskScorer.sequences(valid);
        if (answering.byLanguageModel()) {
            return Evaluator.minimizing(call -> readout.heldOutLoss(sequences, rowsDone));
        }
        if (answering.type() == LabelledTask.Type.REGRESSION) {
            return Evaluator.minimizing(call -> Metrics.regression(
                    valid.stream().mapToDouble(r -> r.target()[0]).toArray(),
                    Arrays.stream(readout.headValues(sequences, rowsDone))
                            .mapToDouble(p -> p[0]).toArray()).get("mse"));
        }
        return Evaluator.minimizing(call -> Metrics.classification(TaskScorer.labels(valid),
                readout.headValues(sequences, rowsDone)).get("nll"));
    }

    /** What the evaluator above and the step function's loss are, in which units. */
    static ScoreNames scoreNames(Answering answering) {
        if (answering.byLanguageModel()) {
            return new ScoreNames("training loss (nats/token)", "validation loss (nats/token)", true);
        }
        if (answering.type() == LabelledTask.Type.REGRESSION) {
            // The head trains on standardised targets, so its loss is unit-free; validation is in the targets' units.
            return new ScoreNames("training loss (MSE of standardised targets)", "validation MSE (target units)");
        }
        return new ScoreNames("training loss (cross-entropy, nats)", "validation NLL (nats)", true);
    }

    private static TagBank bank(BaseModelFingerprint fingerprint, TagBank domainBank, TagTable table,
            Set<String> domainTags, TaskHead head, LocalModel model, TaskTemplate template, LabelledTask task,
            DataSource data, Settings s,
            TrainingResult result, Map<Partition, Integer> sizes, Map<String, Double> validMetrics,
            Map<String, Double> testMetrics, DataReport report, DecisionEntry decision, ClassBalanceEntry balance)
            throws IOException {
        TagBank.Builder bank = TagBank.builder(fingerprint);
        for (String tag : domainTags) {
            bank.addTag(tag, TagEntry.Kind.DOMAIN, table.export(tag));
        }
        bank.addTag(task.functionTag(), TagEntry.Kind.FUNCTION, table.export(task.functionTag()));
        bank.addHead(head != null ? BankTensors.head(head, table.hiddenSize(), decision, balance)
                : Head.generation(HeadEntry.generation(
                        task.functionTag(), table.hiddenSize(), model.config().vocabSize())));
        Map<String, ColumnKind> kinds = new LinkedHashMap<>();
        task.inputs().forEach(in -> kinds.put(in.column(), in.kind()));
        bank.addTask(BankTensors.task(template, task.type().bankName(), kinds, new InputSettings(
                maxPositions(s, model), InputSettings.TRUNCATE, s.fieldMaxTokens())));
        Map<String, Object> hyper = new LinkedHashMap<>();
        hyper.put("vectors", s.vectors());
        hyper.put("max_tokens", s.maxTokens());
        hyper.put("learning_rate", s.training().learningRate());
        hyper.put("batch_size", s.training().batchSize());
        hyper.put("epochs", s.training().epochs());
        hyper.put("max_steps", s.training().maxSteps());
        hyper.put("seed", s.training().seed());
        hyper.put("enrich_domain_tags", s.enrichDomainTags() && task.stage() == 2);
        hyper.put("steps_done", result.steps());
        hyper.put("train_rows", sizes.get(Partition.TRAIN));
        hyper.put("valid_rows", sizes.get(Partition.VALID));
        hyper.put("test_rows", sizes.get(Partition.TEST));
        hyper.put("max_eval_rows", s.maxEvalExamples());
        hyper.put("split", s.splitDescription());
        if (task.type() == LabelledTask.Type.CLASSIFICATION) {
            hyper.put("class_balance", s.classBalance().describe());
            hyper.put("threshold_criterion", s.threshold().id());
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        validMetrics.forEach((k, v) -> metrics.put("valid." + k, v));
        testMetrics.forEach((k, v) -> metrics.put("test." + k, v));
        metrics.put("final_train_loss", result.finalLoss());
        metrics.values().removeIf(v -> !Double.isFinite(v));
        Provenance.Stage stage = task.stage() == 3 ? Provenance.Stage.STAGE_3 : Provenance.Stage.STAGE_2;
        if (data.file() == null) {
            throw new IllegalArgumentException(data.name() + ": a trained bank records the path and SHA-256 of its "
                    + "data file, and these rows come from no file; give the data source the file they were read from");
        }
        Provenance p = Provenance.now(stage).withDataFiles(List.of(DataFiles.describe(data.file(), report.rowsRead())))
                .withHyperparameters(hyper).withMetrics(metrics);
        if (domainBank != null) {
            p = p.withSourceBanks(List.of(domainBank.contentSha256()));
        }
        return bank.addProvenance(p).build();
    }
}
