package org.tagllm.knime.engine.uncertainty;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PredictionSetsTest {

    /**
     * Four rows, scores 1 - p(true) = 0.1, 0.4, 0.3, 0.8; at coverage 0.6 k = ceil(5 * 0.6) = 3, so q = 0.4: a class
     * is in the set when its probability is at least 0.6.
     */
    @Test
    void setsHoldTheClassesWithinTheQuantile() {
        int[] labels = {0, 1, 0, 1};
        double[][] p = {{0.9, 0.1}, {0.4, 0.6}, {0.7, 0.3}, {0.8, 0.2}};
        PredictionSets sets = PredictionSets.fit(labels, p, 0.6);
        assertEquals(0.4, sets.quantile(), 1e-15);
        assertEquals(List.of(0), sets.set(new double[] {0.65, 0.35}));
        assertEquals(List.of(), sets.set(new double[] {0.5, 0.5}));
        assertEquals(List.of(1), sets.set(new double[] {0.2, 0.8}));
    }

    /** A high quantile lets both classes in: the model cannot tell them apart at that coverage. */
    @Test
    void anUncertainModelGivesBothClasses() {
        PredictionSets sets = new PredictionSets(0.9, 0.7);
        assertEquals(List.of(0, 1), sets.set(new double[] {0.45, 0.55}));
    }
}
