package org.tagllm.knime.engine.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 18: the screening figures against values worked out by hand (each in its comment). */
class ScreeningMetricsTest {

    private static double[][] binary(double... positiveProbability) {
        double[][] p = new double[positiveProbability.length][];
        for (int i = 0; i < p.length; i++) {
            p[i] = new double[] {1 - positiveProbability[i], positiveProbability[i]};
        }
        return p;
    }

    @Test
    void averagePrecisionWithoutTies() {
        // Ranked 1,0,1,0: precision 1 at recall 1/2, 2/3 at recall 1 → 1/2 · 1 + 1/2 · 2/3 = 5/6.
        Map<String, Double> m = Metrics.classification(new int[] {1, 0, 1, 0}, binary(.9, .8, .7, .6));
        assertEquals(5.0 / 6, m.get("pr_auc"), 1e-12);
    }

    @Test
    void averagePrecisionTakesATiedGroupAtOnce() {
        // Scores .9(+) .8(−) .8(+) .3(−) .1(+), 3 positives. Groups from the top: {.9}: recall 1/3, precision 1;
        // {.8, .8}: recall 2/3, precision 2/3; {.3}: recall unchanged; {.1}: recall 1, precision 3/5.
        // AP = 1/3 · 1 + 1/3 · 2/3 + 1/3 · 3/5 = 34/45 (scikit-learn's average_precision_score: 0.7556).
        int[] labels = {1, 0, 1, 0, 1};
        assertEquals(34.0 / 45, Metrics.classification(labels, binary(.9, .8, .8, .3, .1)).get("pr_auc"), 1e-12);
        // The order of the tied rows does not matter.
        assertEquals(34.0 / 45, Metrics.classification(new int[] {1, 1, 0, 0, 1}, binary(.9, .8, .8, .3, .1))
                .get("pr_auc"), 1e-12);
    }

    @Test
    void averagePrecisionOfOneClassSets() {
        // No positive: no recall to reach, so PR-AUC and the enrichment factors are left out, as AUROC is.
        Map<String, Double> none = Metrics.classification(new int[] {0, 0, 0}, binary(.2, .5, .9));
        assertFalse(none.containsKey("pr_auc"), none.toString());
        assertFalse(none.containsKey("ef_1pct"), none.toString());
        assertFalse(none.containsKey("ef_5pct"), none.toString());
        // Every row positive: precision is 1 at every recall, and the top rows hold exactly the base rate.
        Map<String, Double> all = Metrics.classification(new int[] {1, 1, 1}, binary(.2, .5, .9));
        assertEquals(1.0, all.get("pr_auc"), 1e-12);
        assertEquals(1.0, all.get("ef_1pct"), 1e-12);
        assertFalse(all.containsKey("auroc"), all.toString());
    }

    @Test
    void enrichmentFactorsOfTheTopOneAndFivePercent() {
        // 100 rows, 10 actives (base rate 0.1). Top 1 % = 1 row, an active → (1/1) / 0.1 = 10.
        // Top 5 % = 5 rows: the 4 highest (2 actives), then a tie of 4 rows at 0.5 holding 1 active for the last
        // place, which counts 1/4 of an active → (2.25 / 5) / 0.1 = 4.5.
        int[] labels = new int[100];
        double[] score = new double[100];
        for (int i = 0; i < 100; i++) {
            score[i] = 0.01;
        }
        score[0] = 0.99; labels[0] = 1;
        score[1] = 0.98;
        score[2] = 0.97; labels[2] = 1;
        score[3] = 0.96;
        for (int i = 4; i < 8; i++) {
            score[i] = 0.5;
        }
        labels[6] = 1;
        for (int i = 90; i < 97; i++) {
            labels[i] = 1; // 7 more actives among the lowest scores: 10 in all
        }
        Map<String, Double> m = Metrics.classification(labels, binary(score));
        assertEquals(10.0, m.get("ef_1pct"), 1e-12);
        assertEquals(4.5, m.get("ef_5pct"), 1e-12);
    }

    @Test
    void enrichmentTakesTheCeilingOfTheFraction() {
        // 150 rows: 1 % is 1.5 → 2 rows; 5 % is 7.5 → 8 rows. One active, ranked second: EF1 = (1/2)/(1/150) = 75;
        // EF5 = (1/8)/(1/150) = 18.75.
        int[] labels = new int[150];
        double[] score = new double[150];
        for (int i = 0; i < 150; i++) {
            score[i] = 1.0 - i / 150.0;
        }
        labels[1] = 1;
        Map<String, Double> m = Metrics.classification(labels, binary(score));
        assertEquals(75.0, m.get("ef_1pct"), 1e-9);
        assertEquals(18.75, m.get("ef_5pct"), 1e-9);
        // 300 rows: 1 % is exactly 3 rows (0.01 · 300 is not rounded up to 4 by its floating-point error).
        assertEquals(3, (int) Math.ceil(0.01 * 300 - 1e-9));
        int[] l300 = new int[300];
        double[] s300 = new double[300];
        for (int i = 0; i < 300; i++) {
            s300[i] = 1.0 - i / 300.0;
        }
        l300[0] = 1;
        assertEquals(100.0, Metrics.classification(l300, binary(s300)).get("ef_1pct"), 1e-9); // (1/3)/(1/300)
    }

    @Test
    void mccAndBalancedAccuracyOfTwoClasses() {
        // Truth 1,1,1,0,0,0; predicted 1,0,1,1,0,0: TP 2, FN 1, FP 1, TN 2. MCC = (2·2 − 1·1)/√(3·3·3·3) = 1/3;
        // balanced accuracy = (2/3 + 2/3)/2.
        int[] labels = {1, 1, 1, 0, 0, 0};
        Map<String, Double> m = Metrics.classification(labels, binary(.9, .2, .6, .7, .4, .1));
        assertEquals(1.0 / 3, m.get("mcc"), 1e-12);
        assertEquals(2.0 / 3, m.get("balanced_accuracy"), 1e-12);
    }

    @Test
    void mccIsZeroAndBalancedAccuracyOneHalfWhenOnlyTheMajorityIsPredicted() {
        // 3 negatives, 1 positive, all predicted negative: accuracy 3/4 looks good; MCC's denominator is 0 → 0;
        // balanced accuracy (1 + 0)/2.
        Map<String, Double> m = Metrics.classification(new int[] {0, 0, 0, 1}, binary(.1, .2, .3, .4));
        assertEquals(0.75, m.get("accuracy"), 1e-12);
        assertEquals(0.0, m.get("mcc"));
        assertEquals(0.5, m.get("balanced_accuracy"), 1e-12);
        assertEquals(0.0, m.get("f1"));
    }

    @Test
    void mccAndBalancedAccuracyOfOneClassInTheTruth() {
        // Only negatives, one predicted positive: MCC 0 (undefined, as scikit-learn); balanced accuracy is the
        // negatives' recall alone, 2/3 (a class absent from the truth is left out).
        Map<String, Double> m = Metrics.classification(new int[] {0, 0, 0}, binary(.1, .2, .7));
        assertEquals(0.0, m.get("mcc"));
        assertEquals(2.0 / 3, m.get("balanced_accuracy"), 1e-12);
    }

    @Test
    void mccAndBalancedAccuracyOfThreeClasses() {
        // Truth 0,0,1,1,2,2; predicted 0,1,1,1,2,0. Correct c = 4 of s = 6; true counts t = (2,2,2), predicted
        // p = (2,3,1). MCC = (c·s − Σ t·p) / √((s² − Σ p²)(s² − Σ t²)) = (24 − 12) / √(22 · 24) (scikit-learn:
        // 0.5222). Recalls 1/2, 1, 1/2 → balanced accuracy 2/3.
        int[] labels = {0, 0, 1, 1, 2, 2};
        double[][] p = {{.8, .1, .1}, {.1, .8, .1}, {.1, .8, .1}, {.1, .8, .1}, {.1, .1, .8}, {.8, .1, .1}};
        Map<String, Double> m = Metrics.classification(labels, p);
        assertEquals(12 / Math.sqrt(22 * 24), m.get("mcc"), 1e-12);
        assertEquals(2.0 / 3, m.get("balanced_accuracy"), 1e-12);
        assertFalse(m.containsKey("pr_auc"), "PR-AUC is for two classes: " + m);
    }

    @Test
    void aThresholdDecidesTheClassOfEveryClassFigureButNoScoreFigure() {
        // p(1) = .1 .2 .3 .4, truth 0 0 0 1. Most probable: all 0 → F1 0, MCC 0. Threshold 0.35: the last row is 1
        // → every row right: accuracy, F1, MCC, balanced accuracy 1. AUROC, PR-AUC and NLL read the probabilities,
        // which the threshold leaves alone.
        int[] labels = {0, 0, 0, 1};
        double[][] p = binary(.1, .2, .3, .4);
        Map<String, Double> argmax = Metrics.classification(labels, p);
        Map<String, Double> cut = Metrics.classification(labels, p, ClassDecision.threshold(0.35));
        assertEquals(0.0, argmax.get("f1"));
        assertEquals(1.0, cut.get("f1"), 1e-12);
        assertEquals(1.0, cut.get("mcc"), 1e-12);
        assertEquals(1.0, cut.get("accuracy"), 1e-12);
        assertEquals(1.0, cut.get("balanced_accuracy"), 1e-12);
        for (String k : new String[] {"auroc", "pr_auc", "nll", "ef_1pct", "ef_5pct"}) {
            assertEquals(argmax.get(k), cut.get(k), k);
        }
    }
}
