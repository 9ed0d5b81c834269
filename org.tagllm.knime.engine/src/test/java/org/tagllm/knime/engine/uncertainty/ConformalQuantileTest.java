package org.tagllm.knime.engine.uncertainty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ConformalQuantileTest {

    /** Nine scores, coverage 0.9: k = ceil(10 * 0.9) = 9, the largest; without the +1 it would be ceil(8.1) = 9 too. */
    @Test
    void nineScoresAtNinetyPercentTakeTheLargest() {
        double[] scores = {0.5, 0.1, 0.9, 0.3, 0.7, 0.2, 0.8, 0.4, 0.6};
        assertEquals(9, ConformalQuantile.rank(9, 0.9));
        assertEquals(0.9, ConformalQuantile.of(scores, 0.9));
    }

    /**
     * Hand-computed: 20 scores 1..20, coverage 0.8. The plain empirical 80 % quantile is the 16th value (16); the
     * finite-sample correction asks for ceil(21 * 0.8) = ceil(16.8) = 17, i.e. 17.
     */
    @Test
    void finiteSampleCorrectionTakesTheNextOrderStatistic() {
        double[] scores = new double[20];
        for (int i = 0; i < 20; i++) {
            scores[19 - i] = i + 1; // given in reverse: the quantile sorts
        }
        assertEquals(17, ConformalQuantile.rank(20, 0.8));
        assertEquals(17.0, ConformalQuantile.of(scores, 0.8));
    }

    /** (n + 1) * coverage exactly an integer: 9 scores at 0.8 give k = 8, not 9 (no rounding up past it). */
    @Test
    void anExactProductIsNotRoundedUp() {
        assertEquals(8, ConformalQuantile.rank(9, 0.8));
        assertEquals(8.0, ConformalQuantile.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 0.8));
    }

    /** Too few rows for the coverage: k = ceil(5 * 0.9) = 5 > 4, so no finite quantile gives the guarantee. */
    @Test
    void tooFewRowsGiveAnInfiniteQuantile() {
        assertEquals(Double.POSITIVE_INFINITY, ConformalQuantile.of(new double[] {1, 2, 3, 4}, 0.9));
    }

    @Test
    void refusesCoverageOutsideTheOpenInterval() {
        assertThrows(IllegalArgumentException.class, () -> ConformalQuantile.of(new double[] {1}, 1.0));
        assertThrows(IllegalArgumentException.class, () -> ConformalQuantile.of(new double[] {1}, 0));
        assertThrows(IllegalArgumentException.class, () -> ConformalQuantile.of(new double[0], 0.9));
    }
}
