package org.tagllm.knime.engine.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.junit.jupiter.api.Test;

class UncertaintyMetricsTest {

    /**
     * Twenty rows whose error is their distance percentile / 10: the error grows with distance, decile d holds errors
     * 2d - 1 and 2d (mean 2d - 0.5 … as tenths), the two largest errors are the two farthest rows (AUROC 1).
     */
    @Test
    void errorByDecileCoverageAndAuroc() {
        int n = 20;
        double[] errors = new double[n];
        double[] percentiles = new double[n];
        boolean[] covered = new boolean[n];
        double[] widths = new double[n];
        boolean[] flagged = new boolean[n];
        for (int i = 0; i < n; i++) {
            percentiles[i] = 5 * (n - i); // given far to near: deciles must sort
            errors[i] = percentiles[i] / 10;
            covered[i] = i % 10 != 0; // 18 of 20
            widths[i] = 2;
            flagged[i] = percentiles[i] > 90;
        }
        Map<String, Double> m = UncertaintyMetrics.measure(errors, false, covered, widths, percentiles, null, flagged,
                null);
        assertEquals(0.9, m.get("uq.coverage"), 1e-12);
        assertEquals(2.0, m.get("uq.interval_width"), 1e-12);
        assertEquals(0.75, m.get("uq.error_ad_decile_1"), 1e-12); // percentiles 5, 10 → errors 0.5, 1.0
        assertEquals(9.75, m.get("uq.error_ad_decile_10"), 1e-12); // 95, 100
        assertEquals(2.0, m.get("uq.large_errors")); // above the 90th percentile of errors: 9.5 and 10
        assertEquals(1.0, m.get("uq.ad_auroc"), 1e-12);
        assertEquals(1.0, m.get("uq.flag_auroc"), 1e-12);
        assertEquals(0.1, m.get("uq.flag_rate"), 1e-12);
        assertFalse(m.containsKey("uq.sim_auroc"));
    }

    /** Classification: a wrong class is a large error; sets report coverage and size. */
    @Test
    void classificationCountsWrongClasses() {
        double[] errors = {0, 1, 0, 1};
        Map<String, Double> m = UncertaintyMetrics.measure(errors, true, new boolean[] {true, true, true, false},
                new double[] {1, 2, 1, 0}, new double[] {10, 90, 20, 80}, null, new boolean[4], null);
        assertEquals(0.75, m.get("uq.set_coverage"), 1e-12);
        assertEquals(1.0, m.get("uq.set_size"), 1e-12);
        assertEquals(2.0, m.get("uq.large_errors"));
        assertEquals(1.0, m.get("uq.ad_auroc"), 1e-12);
    }
}
