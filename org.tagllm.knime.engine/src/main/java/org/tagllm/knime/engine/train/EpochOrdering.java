package org.tagllm.knime.engine.train;

/**
 * Which training examples an epoch visits, in which order: {@code n} indices into the training data. It must depend
 * on nothing but the seed, the epoch and the data, so that a resumed run recomputes the order it was interrupted in.
 */
@FunctionalInterface
public interface EpochOrdering {

    /** Each example once, shuffled ({@link EpochOrder}): the default. */
    EpochOrdering SHUFFLE = EpochOrder::permutation;

    /** {@code n} indices into the {@code n} training examples for epoch {@code epoch} (from 0). */
    int[] order(long seed, int epoch, int n);
}
