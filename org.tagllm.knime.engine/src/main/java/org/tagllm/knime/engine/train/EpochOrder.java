package org.tagllm.knime.engine.train;

import java.util.SplittableRandom;

/**
 * The order in which an epoch visits the training examples: a Fisher–Yates shuffle driven by a
 * {@link SplittableRandom} seeded with {@code seed + (epoch + 1) · 0x9E3779B97F4A7C15}. It depends on nothing but the
 * seed, the epoch and the number of examples, so a resumed run recomputes exactly the order it was interrupted in.
 */
final class EpochOrder {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private EpochOrder() {}

    /** A permutation of {@code 0..n-1} for epoch {@code epoch} (counted from 0). */
    static int[] permutation(long seed, int epoch, int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed + (epoch + 1L) * GOLDEN_GAMMA);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
