package org.tagllm.knime.engine.uncertainty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;

class CrossConformalTest {

    /**
     * Fold A's out-of-fold residuals 0.5, 2, 1; fold B's 3, 0.25, 1.5, 4. Pooled, n = 7; at coverage 0.75 k =
     * ceil(8 · 0.75) = 6, the 6th smallest of 0.25, 0.5, 1, 1.5, 2, 3, 4: q = 3. Fold B alone (n = 4, k = ceil(5 · 0.75)
     * = 4) would give 4: pooling the folds is what makes the quantile less coarse.
     */
    @Test
    void theQuantileIsTakenOverAllFoldsPooled() {
        RegressionIntervals r = CrossConformal.intervals(List.of(new double[] {1.5, 0, 2}, new double[] {3, 0.25,
            -1.5, 10}), List.of(new double[] {1, 2, 1}, new double[] {0, 0, 0, 6}), 0.75);
        assertFalse(r.normalised());
        assertEquals(3.0, r.quantile());
        assertEquals(4.0, RegressionIntervals.fit(new double[] {3, 0.25, -1.5, 10}, new double[] {0, 0, 0, 6}, null,
                0.75).quantile());
        assertEquals(7.0, r.high(4, 0));
    }

    /** Sets pool too: the per-class quantiles of {@link MondrianSetsTest}, split over two folds, come out the same. */
    @Test
    void setsPoolTheFoldsPerClass() {
        PredictionSets s = CrossConformal.sets(List.of(new int[] {0, 0, 1}, new int[] {0, 0, 0, 1, 1}),
                List.of(new double[][] {{0.9, 0.1}, {0.8, 0.2}, {0.45, 0.55}},
                    new double[][] {{0.6, 0.4}, {0.95, 0.05}, {0.7, 0.3}, {0.65, 0.35}, {0.1, 0.9}}), 0.6, true);
        assertEquals(0.3, s.classQuantiles().get(0), 1e-15);
        assertEquals(0.65, s.classQuantiles().get(1), 1e-15);
        assertEquals(0.4, s.quantile(), 1e-15);
    }
}
