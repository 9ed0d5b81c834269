package org.tagllm.knime.engine.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Metrics against values computed by hand (tolerance 1e-12 unless stated). */
class MetricsTest {

    @Test
    void regressionByHand() {
        // errors 1, -1, 0, 2: MSE (1+1+0+4)/4 = 1.5, MAE 1.0; truth mean 2.5, total variance 1.25 → R² = 1 - 1.2.
        Map<String, Double> m = Metrics.regression(new double[] {1, 2, 3, 4}, new double[] {2, 1, 3, 6});
        assertEquals(1.5, m.get("mse"), 1e-12);
        assertEquals(Math.sqrt(1.5), m.get("rmse"), 1e-12);
        assertEquals(1.0, m.get("mae"), 1e-12);
        assertEquals(1 - 1.5 / 1.25, m.get("r2"), 1e-12);
        // Pearson of (1,2,3,4) and (2,1,3,6): deviations (-1.5,-.5,.5,1.5) and (-1,-2,0,3) → 7 / sqrt(5 · 14).
        assertEquals(7 / Math.sqrt(70), m.get("pearson"), 1e-12);
        // Ranks of the predictions: 2,1,3,4 → Spearman = 1 - 6·Σd²/(n(n²-1)) = 1 - 6·2/60 = 0.8.
        assertEquals(0.8, m.get("spearman"), 1e-12);
    }

    @Test
    void constantPredictionsHaveNoCorrelation() {
        Map<String, Double> m = Metrics.regression(new double[] {1, 2, 3}, new double[] {5, 5, 5});
        assertTrue(m.get("pearson").isNaN());
        assertTrue(m.get("spearman").isNaN());
    }

    @Test
    void tiesShareTheirMeanRank() {
        double[] r = Metrics.ranks(new double[] {10, 20, 20, 30});
        assertEquals(1.0, r[0]);
        assertEquals(2.5, r[1]);
        assertEquals(2.5, r[2]);
        assertEquals(4.0, r[3]);
    }

    @Test
    void aurocWithATieAndAccuracy() {
        // Positives score 0.8 and 0.4, negatives 0.4 and 0.1: pairs won 1+1+1, tied 1 (half) → 3.5 / 4.
        int[] labels = {1, 1, 0, 0};
        double[][] p = {{0.2, 0.8}, {0.6, 0.4}, {0.6, 0.4}, {0.9, 0.1}};
        Map<String, Double> m = Metrics.classification(labels, p);
        assertEquals(0.875, m.get("auroc"), 1e-12);
        assertEquals(0.75, m.get("accuracy"), 1e-12);
        assertEquals(-(Math.log(0.8) + Math.log(0.4) + Math.log(0.6) + Math.log(0.9)) / 4, m.get("nll"), 1e-12);
    }

    @Test
    void aurocOfOneClassIsUndefined() {
        assertTrue(Double.isNaN(Metrics.auroc(new int[] {1, 1}, new double[] {0.3, 0.7})));
    }
}
