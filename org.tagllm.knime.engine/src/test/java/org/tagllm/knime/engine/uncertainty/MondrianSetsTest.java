package org.tagllm.knime.engine.uncertainty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Class-conditional (Mondrian) conformal sets: one quantile per class, from that class's calibration rows only. */
class MondrianSetsTest {

    /**
     * Class 0: p(0) = 0.9, 0.8, 0.6, 0.95, 0.7, scores 0.1, 0.2, 0.4, 0.05, 0.3; at coverage 0.6 k = ceil(6 * 0.6) = 4,
     * q0 = 0.3. Class 1: p(1) = 0.55, 0.35, 0.9, scores 0.45, 0.65, 0.1; k = ceil(4 * 0.6) = 3, q1 = 0.65. All eight
     * scores (marginal): k = ceil(9 * 0.6) = 6, q = 0.4.
     */
    @Test
    void eachClassHasTheQuantileOfItsOwnRows() {
        int[] labels = {0, 0, 0, 0, 0, 1, 1, 1};
        double[][] p = {{0.9, 0.1}, {0.8, 0.2}, {0.6, 0.4}, {0.95, 0.05}, {0.7, 0.3}, {0.45, 0.55}, {0.65, 0.35},
            {0.1, 0.9}};
        PredictionSets mondrian = PredictionSets.fitMondrian(labels, p, 0.6);
        assertEquals(0.3, mondrian.classQuantiles().get(0), 1e-15);
        assertEquals(0.65, mondrian.classQuantiles().get(1), 1e-15);
        assertEquals(0.4, mondrian.quantile(), 1e-15); // the marginal quantile, kept beside
        PredictionSets marginal = PredictionSets.fit(labels, p, 0.6);
        assertNull(marginal.classQuantiles());
        // Scores 0.25 / 0.75: class 0 within both thresholds, class 1 within neither.
        assertEquals(List.of(0), mondrian.set(new double[] {0.75, 0.25}));
        assertEquals(List.of(0), marginal.set(new double[] {0.75, 0.25}));
        // Scores 0.4 / 0.6: the minority class gets in on its own threshold, the majority class is out on its own.
        assertEquals(List.of(1), mondrian.set(new double[] {0.6, 0.4}));
        assertEquals(List.of(0), marginal.set(new double[] {0.6, 0.4}));
    }

    /** Three rows cannot give 90 % (k = ceil(4 * 0.9) = 4 > 3): that class is always in the set, q = 1. */
    @Test
    void aClassWithTooFewRowsIsAlwaysInTheSet() {
        int[] labels = new int[12];
        double[][] p = new double[12][];
        for (int i = 0; i < 12; i++) {
            labels[i] = i < 9 ? 0 : 1;
            p[i] = new double[] {0.9 - 0.01 * i, 0.1 + 0.01 * i};
        }
        PredictionSets sets = PredictionSets.fitMondrian(labels, p, 0.9);
        assertEquals(1.0, sets.classQuantiles().get(1));
        assertEquals(List.of(0, 1), sets.set(new double[] {0.999, 0.001}));
    }

    @Test
    void aClassWithoutRowsIsAlwaysInTheSet() {
        PredictionSets sets = PredictionSets.fitMondrian(new int[] {0, 0, 0, 0, 0, 0, 0, 0, 0},
                new double[][] {{0.9, 0.05, 0.05}, {0.9, 0.05, 0.05}, {0.9, 0.05, 0.05}, {0.9, 0.05, 0.05},
                    {0.9, 0.05, 0.05}, {0.9, 0.05, 0.05}, {0.9, 0.05, 0.05}, {0.9, 0.05, 0.05}, {0.9, 0.05, 0.05}},
                0.9);
        assertEquals(List.of(1.0, 1.0), sets.classQuantiles().subList(1, 3));
    }

    @Test
    void refusesClassQuantilesOutsideZeroToOne() {
        assertThrows(IllegalArgumentException.class, () -> new PredictionSets(0.9, 0.5, List.of(0.2, 1.5)));
        assertThrows(IllegalArgumentException.class, () -> new PredictionSets(0.9, 0.5, List.of(-0.1, 0.5)));
    }
}
