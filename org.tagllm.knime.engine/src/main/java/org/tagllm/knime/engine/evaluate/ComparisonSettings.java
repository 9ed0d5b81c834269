package org.tagllm.knime.engine.evaluate;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tagllm.knime.engine.tags.PromptInit;

/**
 * The one protocol every method of a comparison follows.
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
 */
public record ComparisonSettings(List<Long> seeds, List<Double> learningRates, int epochs, int batchSize,
        int vectors, int maxTokens, int maxTrain, int maxEval, long dataSeed, PromptInit promptInit,
        Map<String, Integer> fieldMaxTokens) {

    /** Without per-field caps. */
    public ComparisonSettings(List<Long> seeds, List<Double> learningRates, int epochs, int batchSize, int vectors,
            int maxTokens, int maxTrain, int maxEval, long dataSeed, PromptInit promptInit) {
        this(seeds, learningRates, epochs, batchSize, vectors, maxTokens, maxTrain, maxEval, dataSeed, promptInit,
                Map.of());
    }

    /** Prompt tuning started from sampled vocabulary rows (Lester et al. 2021). */
    public ComparisonSettings(List<Long> seeds, List<Double> learningRates, int epochs, int batchSize, int vectors,
            int maxTokens, int maxTrain, int maxEval, long dataSeed) {
        this(seeds, learningRates, epochs, batchSize, vectors, maxTokens, maxTrain, maxEval, dataSeed,
                PromptInit.VOCAB);
    }

    public ComparisonSettings {
        Objects.requireNonNull(promptInit, "promptInit");
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
}
