package org.tagllm.knime.engine.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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
    void aMeanPredictorHasZeroCorrelationAndZeroR2() {
        // Truth 1,2,3, predictions all 2: MSE (1+0+1)/3 = 2/3 equals the truth's variance, so R² = 0.
        Map<String, Double> m = Metrics.regression(new double[] {1, 2, 3}, new double[] {2, 2, 2});
        assertEquals(0.0, m.get("pearson"));
        assertEquals(0.0, m.get("spearman"));
        assertEquals(0.0, m.get("r2"), 1e-12);
        assertEquals(2.0 / 3, m.get("mse"), 1e-12);
    }

    @Test
    void constantTruthLeavesR2OutAndHasZeroCorrelation() {
        // Errors -1, 0, 1 against a constant truth: MSE 2/3, no variance to explain.
        Map<String, Double> m = Metrics.regression(new double[] {2, 2, 2}, new double[] {1, 2, 3});
        assertFalse(m.containsKey("r2"), m.toString());
        assertEquals(0.0, m.get("pearson"));
        assertEquals(0.0, m.get("spearman"));
        assertEquals(2.0 / 3, m.get("mse"), 1e-12);
        // 0.1 three times: the mean of the values is not exactly 0.1 in binary, yet the truth is constant.
        assertFalse(Metrics.regression(new double[] {0.1, 0.1, 0.1}, new double[] {1, 2, 3}).containsKey("r2"));
    }

    @Test
    void spearmanWithTiesIsPearsonOfMeanRanks() {
        // Ranks of the predictions 1,2,2,4,3 are 1, 2.5, 2.5, 5, 4; of the truth 1..5. Deviations from the mean 3:
        // truth -2,-1,0,1,2; predictions -2,-.5,-.5,2,1. Σ products 4+.5+0+2+2 = 8.5, Σ squares 10 and 9.5,
        // so ρ = 8.5/√95 (scipy.stats.spearmanr gives 0.8720815992723809). The no-ties shortcut 1-6Σd²/(n(n²-1))
        // would give 0.875 instead.
        Map<String, Double> m = Metrics.regression(new double[] {1, 2, 3, 4, 5}, new double[] {1, 2, 2, 4, 3});
        assertEquals(8.5 / Math.sqrt(95), m.get("spearman"), 1e-12);
        // Pearson of the raw values is the same here except the predictions' mean is 2.4: deviations
        // -1.4,-.4,-.4,1.6,.6 → Σ products 2.8+.4+0+1.6+1.2 = 6, Σ squares 10 and 5.2 → 6/√52.
        assertEquals(6 / Math.sqrt(52), m.get("pearson"), 1e-12);
    }

    @Test
    void perfectAndReversedPredictions() {
        Map<String, Double> same = Metrics.regression(new double[] {1, 2, 3}, new double[] {1, 2, 3});
        assertEquals(0.0, same.get("mse"));
        assertEquals(1.0, same.get("r2"), 1e-12);
        Map<String, Double> reversed = Metrics.regression(new double[] {1, 2, 3}, new double[] {3, 2, 1});
        assertEquals(-1.0, reversed.get("pearson"), 1e-12);
        assertEquals(-1.0, reversed.get("spearman"), 1e-12);
        // MSE (4+0+4)/3 = 8/3 against variance 2/3: R² = 1 - 4 = -3.
        assertEquals(-3.0, reversed.get("r2"), 1e-12);
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
    void aurocOfOneClassIsLeftOut() {
        Map<String, Double> m = Metrics.classification(new int[] {1, 1}, new double[][] {{0.7, 0.3}, {0.3, 0.7}});
        assertFalse(m.containsKey("auroc"), m.toString());
        assertEquals(0.5, m.get("accuracy"), 1e-12);
    }

    @Test
    void aurocOfEqualScoresIsOneHalf() {
        double[][] p = {{0.5, 0.5}, {0.5, 0.5}, {0.5, 0.5}};
        assertEquals(0.5, Metrics.classification(new int[] {1, 0, 0}, p).get("auroc"), 1e-12);
    }

    @Test
    void binaryF1IsThatOfClassOne() {
        // Truth 1,1,1,0,0,0; predicted (most probable) 1,0,1,1,0,0: TP 2, FP 1, FN 1 → precision = recall = 2/3.
        int[] labels = {1, 1, 1, 0, 0, 0};
        double[][] p = {{0.1, 0.9}, {0.8, 0.2}, {0.4, 0.6}, {0.3, 0.7}, {0.6, 0.4}, {0.9, 0.1}};
        Map<String, Double> m = Metrics.classification(labels, p);
        assertEquals(2.0 / 3, m.get("f1"), 1e-12);
        assertEquals(4.0 / 6, m.get("accuracy"), 1e-12);
        // Positives score .9, .2, .6; negatives .7, .4, .1: pairs won 3 + 1 + 2 = 6 of 9.
        assertEquals(6.0 / 9, m.get("auroc"), 1e-12);
    }

    @Test
    void f1IsZeroWhenPrecisionPlusRecallIsZero() {
        // Nothing predicted positive: recall 0 and precision 0/0, which scikit-learn's zero_division=0 makes 0.
        double[][] negative = {{0.9, 0.1}, {0.8, 0.2}, {0.7, 0.3}};
        assertEquals(0.0, Metrics.classification(new int[] {0, 0, 1}, negative).get("f1"));
        // No positive anywhere, in truth or prediction: TP + FP + FN = 0, again 0.
        assertEquals(0.0, Metrics.classification(new int[] {0, 0, 0}, negative).get("f1"));
    }

    @Test
    void aTieBetweenClassesPredictsTheLowerIndex() {
        Map<String, Double> m = Metrics.classification(new int[] {0, 1}, new double[][] {{0.5, 0.5}, {0.5, 0.5}});
        assertEquals(0.5, m.get("accuracy"), 1e-12);
        assertEquals(0.0, m.get("f1"));
    }

    @Test
    void multiClassF1IsTheMacroAverageOverClassesThatOccur() {
        // Truth 0,0,1,1,2,2; predicted 0,1,1,1,2,0. Class 0: TP 1, FP 1, FN 1 → 2/4. Class 1: TP 2, FP 1, FN 0 →
        // 4/5. Class 2: TP 1, FP 0, FN 1 → 2/3. Macro (1/2 + 4/5 + 2/3)/3 = 59/90 (scikit-learn: 0.6555…).
        // A fourth class that neither the truth nor the predictions use is left out of the average.
        int[] labels = {0, 0, 1, 1, 2, 2};
        double[][] p = {{.7, .1, .1, .1}, {.1, .7, .1, .1}, {.1, .7, .1, .1}, {.1, .7, .1, .1}, {.1, .1, .7, .1},
            {.7, .1, .1, .1}};
        Map<String, Double> m = Metrics.classification(labels, p);
        assertEquals(59.0 / 90, m.get("f1"), 1e-12);
        assertEquals(4.0 / 6, m.get("accuracy"), 1e-12);
        assertFalse(m.containsKey("auroc"), "AUROC is for two classes: " + m);
    }

    @Test
    void emptyInputsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Metrics.regression(new double[0], new double[0]));
        assertTrue(e.getMessage().contains("no rows"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Metrics.classification(new int[0], new double[0][]));
    }

    @Test
    void mismatchedLengthsNameBoth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Metrics.regression(new double[] {1, 2, 3}, new double[] {1, 2}));
        assertEquals("truth has 3 rows but predicted has 2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Metrics.classification(new int[] {0, 1}, new double[][] {{1, 0}}));
        assertEquals("labels has 2 rows but probabilities has 1", e.getMessage());
    }

    @Test
    void badTruthOrLabelsNameTheRow() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Metrics.regression(new double[] {1, Double.NaN}, new double[] {1, 2}));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Metrics.classification(new int[] {0, 2}, new double[][] {{1, 0}, {0, 1}}));
        assertTrue(e.getMessage().contains("row 1 is 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Metrics.classification(new int[] {0, 1}, new double[][] {{1, 0}, {0, 0, 1}}));
        assertTrue(e.getMessage().contains("row 1 have 3 classes"), e.getMessage());
    }

    @Test
    void aDivergedModelGivesNaNForEveryMetric() {
        Map<String, Double> r = Metrics.regression(new double[] {1, 2}, new double[] {1, Double.NaN});
        assertEquals(Metrics.REGRESSION_KEYS, List.copyOf(r.keySet()));
        assertTrue(r.values().stream().allMatch(v -> v.isNaN()), r.toString());
        Map<String, Double> c = Metrics.classification(new int[] {0, 1},
                new double[][] {{1, 0}, {Double.NaN, Double.NaN}});
        assertEquals(Metrics.CLASSIFICATION_KEYS, List.copyOf(c.keySet()));
        assertTrue(c.values().stream().allMatch(v -> v.isNaN()), c.toString());
    }
}
