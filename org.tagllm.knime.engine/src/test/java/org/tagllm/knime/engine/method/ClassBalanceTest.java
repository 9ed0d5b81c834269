package org.tagllm.knime.engine.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 18: class weights, the prior correction that follows them, and the bank's record of both. */
class ClassBalanceTest {

    private static final List<String> CLASSES = List.of("0", "1");
    // 8 negatives, 2 positives: balanced weights N / (C · N_c) = 10/16 and 10/4.
    private static final int[] LABELS = {0, 0, 0, 1, 0, 0, 0, 1, 0, 0};

    @Test
    void balancedWeightsAreScikitLearns() {
        ClassBalance b = new ClassBalance(ClassBalance.Weighting.BALANCED, Map.of(), false);
        assertArrayEquals(new double[] {0.625, 2.5}, b.lossWeights(CLASSES, LABELS), 1e-12);
        assertArrayEquals(new double[] {-Math.log(0.625), -Math.log(2.5)},
                b.logitShift(b.lossWeights(CLASSES, LABELS), CLASSES, LABELS), 1e-12);
    }

    @Test
    void balancedBatchesCorrectByTheirSamplingRateAndBothTogetherMultiply() {
        ClassBalance sampled = new ClassBalance(ClassBalance.Weighting.NONE, Map.of(), true);
        double[] none = sampled.lossWeights(CLASSES, LABELS);
        assertArrayEquals(new double[] {1, 1}, none);
        assertArrayEquals(new double[] {-Math.log(0.625), -Math.log(2.5)},
                sampled.logitShift(none, CLASSES, LABELS), 1e-12);
        ClassBalance both = new ClassBalance(ClassBalance.Weighting.BALANCED, Map.of(), true);
        assertArrayEquals(new double[] {-2 * Math.log(0.625), -2 * Math.log(2.5)},
                both.logitShift(both.lossWeights(CLASSES, LABELS), CLASSES, LABELS), 1e-12);
    }

    @Test
    void givenWeightsNeedEveryClassAndNoOther() {
        ClassBalance given = new ClassBalance(ClassBalance.Weighting.GIVEN, Map.of("0", 1.0, "1", 20.0), false);
        assertArrayEquals(new double[] {1, 20}, given.lossWeights(CLASSES, LABELS));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ClassBalance(ClassBalance.Weighting.GIVEN, Map.of("1", 20.0), false)
                        .lossWeights(CLASSES, LABELS));
        assertTrue(e.getMessage().contains("class '0' has no weight"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new ClassBalance(ClassBalance.Weighting.GIVEN, Map.of("0", 1.0, "1", 2.0, "x", 3.0), false)
                        .lossWeights(CLASSES, LABELS));
        assertTrue(e.getMessage().contains("'x', which is no class"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new ClassBalance(ClassBalance.Weighting.GIVEN, Map.of("1", 0.0), false));
        assertTrue(e.getMessage().contains("'1' must be positive"), e.getMessage());
    }

    @Test
    void theDefaultIsInactiveAndTheEntryRecordsTheChoice() {
        assertFalse(ClassBalance.NONE.isActive());
        ClassBalance b = new ClassBalance(ClassBalance.Weighting.BALANCED, Map.of(), true);
        assertEquals("balanced class weights, balanced batches", b.describe());
        var entry = b.entry(new double[] {0.625, 2.5}, new double[] {0.47, -0.92});
        assertEquals("balanced", entry.weighting());
        assertEquals("balanced", entry.sampling());
        assertEquals(List.of(0.625, 2.5), entry.classWeights());
    }
}
