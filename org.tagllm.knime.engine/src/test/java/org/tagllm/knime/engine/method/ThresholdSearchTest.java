package org.tagllm.knime.engine.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.bank.DecisionEntry;
import org.tagllm.knime.engine.bank.HeadEntry;

/** Issue 18: the decision threshold chosen on validation rows, against every cut worked out by hand. */
class ThresholdSearchTest {

    // Scores .1 … .6, truth 0 0 1 0 1 1. Positive at p ≥ t, by cut (TP FP FN TN → F1, MCC):
    //   .6: 1 0 2 3 → 1/2, 3/√45        .5: 2 0 1 3 → 4/5, 6/√72     .4: 2 1 1 2 → 2/3, 1/3
    //   .3: 3 1 0 2 → 6/7, 6/√72        .2: 3 2 0 1 → 3/4, 3/√45     .1: 3 3 0 0 → 2/3, 0
    private static final int[] LABELS = {0, 0, 1, 0, 1, 1};
    private static final double[] SCORES = {.1, .2, .3, .4, .5, .6};

    @Test
    void maximumF1() {
        ThresholdSearch.Choice c = ThresholdSearch.best(LABELS, SCORES, ThresholdCriterion.F1).orElseThrow();
        assertEquals(6.0 / 7, c.score(), 1e-12);
        assertEquals(0.25, c.threshold(), 1e-12); // midway between .3 (positive) and .2 (negative)
    }

    @Test
    void maximumMccTiesGoToTheHigherThreshold() {
        // .5 and .3 both reach 6/√72; the higher threshold (fewer rows flagged) is kept.
        ThresholdSearch.Choice c = ThresholdSearch.best(LABELS, SCORES, ThresholdCriterion.MCC).orElseThrow();
        assertEquals(6 / Math.sqrt(72), c.score(), 1e-12);
        assertEquals(0.45, c.threshold(), 1e-12);
    }

    @Test
    void maximumYoudensJ() {
        // Scores .1 .2 .3 .7 .8, truth 0 1 0 1 1 (3 positives, 2 negatives). J = TPR − FPR by cut: .8: 1/3;
        // .7: 2/3; .3: 2/3 − 1/2; .2: 1 − 1/2; .1: 0. Best .7, stored midway to .3.
        ThresholdSearch.Choice c = ThresholdSearch.best(new int[] {0, 1, 0, 1, 1}, new double[] {.1, .2, .3, .7, .8},
                ThresholdCriterion.YOUDEN).orElseThrow();
        assertEquals(2.0 / 3, c.score(), 1e-12);
        assertEquals(0.5, c.threshold(), 1e-12);
    }

    @Test
    void tiedScoresMoveTogetherAndAllPositiveIsACandidate() {
        // Scores .7 .7 .2 .2, truth 1 0 1 0. Cut .7: TP 1 FP 1 FN 1 → F1 1/2; cut .2: all positive, TP 2 FP 2 → 2/3.
        // The lowest score itself is the threshold (every row reaches it).
        ThresholdSearch.Choice c = ThresholdSearch.best(new int[] {1, 0, 1, 0}, new double[] {.7, .7, .2, .2},
                ThresholdCriterion.F1).orElseThrow();
        assertEquals(2.0 / 3, c.score(), 1e-12);
        assertEquals(0.2, c.threshold(), 1e-12);
    }

    @Test
    void nothingIsChosenForOneClassOrWithoutACriterion() {
        assertTrue(ThresholdSearch.best(new int[] {0, 0}, new double[] {.2, .4}, ThresholdCriterion.MCC).isEmpty());
        assertTrue(ThresholdSearch.best(new int[] {1, 1}, new double[] {.2, .4}, ThresholdCriterion.F1).isEmpty());
        assertTrue(ThresholdSearch.best(LABELS, SCORES, ThresholdCriterion.NONE).isEmpty());
    }

    @Test
    void badInputIsRefusedNamingTheRow() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ThresholdSearch.best(new int[] {0, 2}, new double[] {.1, .2}, ThresholdCriterion.F1));
        assertTrue(e.getMessage().contains("row 1 is 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ThresholdSearch.best(new int[] {0, 1}, new double[] {.1, Double.NaN}, ThresholdCriterion.F1));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
    }

    @Test
    void theChosenThresholdReproducesItsScoreThroughTheMetrics() {
        ThresholdSearch.Choice c = ThresholdSearch.best(LABELS, SCORES, ThresholdCriterion.F1).orElseThrow();
        double[][] p = new double[SCORES.length][];
        for (int i = 0; i < p.length; i++) {
            p[i] = new double[] {1 - SCORES[i], SCORES[i]};
        }
        assertEquals(c.score(), Metrics.classification(LABELS, p, ClassDecision.threshold(c.threshold())).get("f1"),
                1e-12);
    }

    @Test
    void aBanksDecisionIsItsThresholdAndOlderBanksKeepTheMostProbableClass() {
        HeadEntry old = HeadEntry.classification("<Active>", 8, true, List.of("0", "1"), 1.0);
        assertEquals("0", ClassDecision.of(old).decide(new double[] {0.7, 0.3}, List.of("0", "1")));
        HeadEntry chosen = old.withImbalance(new DecisionEntry("1", 0.25, "mcc", 0.5), null);
        assertEquals("1", ClassDecision.of(chosen).decide(new double[] {0.7, 0.3}, List.of("0", "1")));
        assertEquals("0", ClassDecision.of(chosen).decide(new double[] {0.76, 0.24}, List.of("0", "1")));
        assertEquals("1", ClassDecision.of(chosen).decide(new double[] {0.75, 0.25}, List.of("0", "1")));
    }
}
