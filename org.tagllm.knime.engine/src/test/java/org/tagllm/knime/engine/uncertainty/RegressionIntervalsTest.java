package org.tagllm.knime.engine.uncertainty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RegressionIntervalsTest {

    /** Residuals 1..9 at 0.9: q is the 9th smallest, 9; the interval is prediction ± 9. */
    @Test
    void plainIntervalsAreTheQuantileOfAbsoluteResiduals() {
        double[] truth = {1, -2, 3, -4, 5, -6, 7, -8, 9};
        double[] predicted = new double[9];
        RegressionIntervals r = RegressionIntervals.fit(truth, predicted, null, 0.9);
        assertFalse(r.normalised());
        assertEquals(9.0, r.quantile());
        assertEquals(1.0, r.low(10, 123));
        assertEquals(19.0, r.high(10, 123));
    }

    /** Normalised: scores |r| / (sd + beta), beta the median sd; a wider spread gives a wider interval. */
    @Test
    void normalisedIntervalsScaleWithTheSpread() {
        double[] truth = {2, 4, 6};
        double[] predicted = {0, 0, 0};
        double[] sd = {1, 3, 5}; // median 3: scores 2/4, 4/6, 6/8
        RegressionIntervals r = RegressionIntervals.fit(truth, predicted, sd, 0.5); // k = ceil(4 * 0.5) = 2
        assertTrue(r.normalised());
        assertEquals(3.0, r.beta());
        assertEquals(4.0 / 6.0, r.quantile(), 1e-15);
        assertEquals(4.0 / 6.0 * (1 + 3), r.halfWidth(1), 1e-12);
        assertEquals(4.0 / 6.0 * (10 + 3), r.halfWidth(10), 1e-12);
    }

    /** Exchangeable rows: on fresh rows the intervals cover about 90 %, at least 90 % on average. */
    @Test
    void freshRowsAreCoveredAtTheRateAsked() {
        Random random = new Random(7);
        int n = 500;
        double[] truth = new double[n];
        double[] predicted = new double[n];
        for (int i = 0; i < n; i++) {
            truth[i] = random.nextGaussian();
        }
        RegressionIntervals r = RegressionIntervals.fit(truth, predicted, null, 0.9);
        int covered = 0;
        int fresh = 20000;
        for (int i = 0; i < fresh; i++) {
            double y = random.nextGaussian();
            covered += y >= r.low(0, 0) && y <= r.high(0, 0) ? 1 : 0;
        }
        assertEquals(0.9, (double) covered / fresh, 0.02);
    }
}
