package org.tagllm.knime.engine.evaluate;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tagllm.knime.engine.method.ClassBalance;
import org.tagllm.knime.engine.method.ThresholdCriterion;
import org.tagllm.knime.engine.method.UncertaintyTraining;
import org.tagllm.knime.engine.tags.PromptInit;

/**
 * The one protocol every method of a comparison follows. Built with {@link #builder()}.
 *
 * @param seeds         training seeds; each method's chosen configuration runs once per seed
 * @param learningRates the grid every LLM method searches on the validation split (with the first seed)
 * @param epochs        epochs at most; the parameters of the best validation epoch are kept (epochs chosen on the
 *                      validation split)
 * @param batchSize     examples per optimizer step
 * @param vectors       p, vectors per tag
 * @param maxTokens     positions per example at most
 * @param maxTrain      training rows at most (0 = all), sampled by the data seed
 * @param maxEval       validation and test rows at most, each (0 = all)
 * @param dataSeed      the seed of random splits and row caps, shared by all methods and training seeds
 * @param promptInit    how prompt tuning's soft prompt starts
 * @param fieldMaxTokens per input column, its value's tokens at most (empty: only the total {@code maxTokens})
 * @param classBalance  classification: class weights and/or balanced batches for every LLM method
 * @param threshold     two classes: what the decision threshold maximises on validation, for every trained method
 *                      (the fingerprint model too; the mean predictor keeps the most probable class)
 */
public record ComparisonSettings(List<Long> seeds, List<Double> learningRates, int epochs, int batchSize,
        int vectors, int maxTokens, int maxTrain, int maxEval, long dataSeed, PromptInit promptInit,
        Map<String, Integer> fieldMaxTokens, ClassBalance classBalance, ThresholdCriterion threshold,
        UncertaintyTraining.Settings uncertainty) {

    public ComparisonSettings {
        Objects.requireNonNull(uncertainty, "uncertainty");
        Objects.requireNonNull(promptInit, "promptInit");
        Objects.requireNonNull(classBalance, "classBalance");
        Objects.requireNonNull(threshold, "threshold");
        fieldMaxTokens = Map.copyOf(fieldMaxTokens);
        seeds = List.copyOf(seeds);
        learningRates = List.copyOf(learningRates);
        if (seeds.isEmpty() || learningRates.isEmpty()) {
            throw new IllegalArgumentException("a comparison needs at least one seed and one learning rate");
        }
        if (epochs < 1 || batchSize < 1 || vectors < 1 || maxTokens < 8) {
            throw new IllegalArgumentException("epochs, batch and vectors must be positive, max tokens at least 8");
        }
    }

    // The defaults of 'tagllm evaluate'.
    public static final List<Long> DEFAULT_SEEDS = List.of(0L);
    public static final List<Double> DEFAULT_LEARNING_RATES = List.of(3e-3, 1e-2);
    public static final int DEFAULT_EPOCHS = 3;
    public static final int DEFAULT_BATCH_SIZE = 16;
    public static final int DEFAULT_VECTORS = 10;
    public static final int DEFAULT_MAX_TOKENS = 320;
    public static final int DEFAULT_MAX_TRAIN = 2000;
    public static final int DEFAULT_MAX_EVAL = 1000;

    /** Settings from the defaults of {@code tagllm evaluate}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
        return new Builder().optSeeds(seeds).optLearningRates(learningRates).optEpochs(epochs).optBatchSize(batchSize)
                .optVectors(vectors).optMaxTokens(maxTokens).optMaxTrain(maxTrain).optMaxEval(maxEval)
                .optDataSeed(dataSeed).optPromptInit(promptInit).optFieldMaxTokens(fieldMaxTokens)
                .optClassBalance(classBalance).optThreshold(threshold)
                .optUncertainty(uncertainty);
    }

    /**
     * Builds {@link ComparisonSettings}; every value is optional ({@code opt…}) and starts at the {@code DEFAULT_…}
     * constants (data seed 0, the soft prompt from vocabulary rows, no per-field caps), the defaults of
     * {@code tagllm evaluate}. {@link #build()} checks the whole.
     */
    public static final class Builder {

        private List<Long> seeds = DEFAULT_SEEDS;
        private List<Double> learningRates = DEFAULT_LEARNING_RATES;
        private int epochs = DEFAULT_EPOCHS;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private int vectors = DEFAULT_VECTORS;
        private int maxTokens = DEFAULT_MAX_TOKENS;
        private int maxTrain = DEFAULT_MAX_TRAIN;
        private int maxEval = DEFAULT_MAX_EVAL;
        private long dataSeed;
        private PromptInit promptInit = PromptInit.VOCAB;
        private Map<String, Integer> fieldMaxTokens = Map.of();
        private ClassBalance classBalance = ClassBalance.NONE;
        private ThresholdCriterion threshold = ThresholdCriterion.DEFAULT;
        private UncertaintyTraining.Settings uncertainty = UncertaintyTraining.Settings.NONE;

        private Builder() {}

        /** Classification: class weights and/or balanced batches; default {@link ClassBalance#NONE}. */
        public Builder optClassBalance(ClassBalance classBalance) {
            this.classBalance = classBalance;
            return this;
        }

        /** Two classes: the decision threshold's criterion; default {@link ThresholdCriterion#DEFAULT}. */
        public Builder optThreshold(ThresholdCriterion threshold) {
            this.threshold = threshold;
            return this;
        }

        public Builder optSeeds(List<Long> seeds) {
            this.seeds = seeds;
            return this;
        }

        public Builder optLearningRates(List<Double> learningRates) {
            this.learningRates = learningRates;
            return this;
        }

        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
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

        public Builder optMaxTrain(int maxTrain) {
            this.maxTrain = maxTrain;
            return this;
        }

        public Builder optMaxEval(int maxEval) {
            this.maxEval = maxEval;
            return this;
        }

        public Builder optDataSeed(long dataSeed) {
            this.dataSeed = dataSeed;
            return this;
        }

        /** How prompt tuning's soft prompt starts; default {@link PromptInit#VOCAB} (Lester et al. 2021). */
        public Builder optPromptInit(PromptInit promptInit) {
            this.promptInit = promptInit;
            return this;
        }

        /** Per input column, its value's tokens at most; default none (only the total {@code maxTokens}). */
        public Builder optFieldMaxTokens(Map<String, Integer> fieldMaxTokens) {
            this.fieldMaxTokens = fieldMaxTokens;
            return this;
        }

        /**
         * The full Tag-LLM method's ensemble and calibration, measured on the test rows ({@code uq.} metrics);
         * default none.
         */
        public Builder optUncertainty(UncertaintyTraining.Settings uncertainty) {
            this.uncertainty = uncertainty;
            return this;
        }

        public ComparisonSettings build() {
            return new ComparisonSettings(seeds, learningRates, epochs, batchSize, vectors, maxTokens, maxTrain,
                    maxEval, dataSeed, promptInit, fieldMaxTokens, classBalance, threshold, uncertainty);
        }
    }
}
