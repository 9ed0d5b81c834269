package org.tagllm.knime.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Issue 18: balanced batch sampling draws the classes evenly, reproducibly, and only from their own rows. */
class BalancedEpochOrderTest {

    @Test
    void aRareClassFillsHalfTheEpochAndTheOrderRepeats() {
        int[] labels = new int[1000];
        for (int i = 0; i < 1000; i += 25) {
            labels[i] = 1; // 40 positives, 4 %
        }
        BalancedEpochOrder sampler = new BalancedEpochOrder(labels);
        int[] order = sampler.order(7, 0, labels.length);
        assertEquals(1000, order.length);
        long positives = Arrays.stream(order).filter(i -> labels[i] == 1).count();
        // Binomial(1000, 1/2): sd ≈ 16, so 5 sd either side.
        assertEquals(500, positives, 80, "positive places in the epoch");
        assertArrayEquals(order, sampler.order(7, 0, labels.length), "seed and epoch decide the order");
        assertFalse(Arrays.equals(order, sampler.order(7, 1, labels.length)), "each epoch draws anew");
    }

    @Test
    void shuffleIsThePermutationOfEveryEpoch() {
        assertArrayEquals(EpochOrder.permutation(3, 2, 50), EpochOrdering.SHUFFLE.order(3, 2, 50));
    }
}
