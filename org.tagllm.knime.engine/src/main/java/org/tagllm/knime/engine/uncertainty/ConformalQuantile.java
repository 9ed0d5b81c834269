package org.tagllm.knime.engine.uncertainty;

import java.util.Arrays;

/**
 * The split-conformal quantile of calibration scores (Vovk et al. 2005; Angelopoulos &amp; Bates 2021): the
 * {@code k}-th smallest of {@code n} scores with {@code k = ceil((n + 1)(1 - alpha))}, i.e. the empirical quantile at
 * level {@code ceil((n + 1)(1 - alpha)) / n}. The {@code + 1} is the finite-sample correction that makes a new,
 * exchangeable row's score fall at or below it with probability at least {@code 1 - alpha}. When {@code k > n} (too
 * few rows for the coverage asked) no finite quantile gives the guarantee, and the answer is +infinity.
 */
public final class ConformalQuantile {

    private ConformalQuantile() {}

    /**
     * @param scores   nonconformity scores of the calibration rows (larger = worse fit), all finite
     * @param coverage the coverage asked, {@code 1 - alpha}, strictly between 0 and 1
     */
    public static double of(double[] scores, double coverage) {
        checkCoverage(coverage);
        if (scores.length == 0) {
            throw new IllegalArgumentException("a conformal quantile needs at least one calibration score");
        }
        double[] sorted = scores.clone();
        for (double s : sorted) {
            if (!Double.isFinite(s)) {
                throw new IllegalArgumentException("calibration scores must be finite, got " + s);
            }
        }
        Arrays.sort(sorted);
        long k = rank(sorted.length, coverage);
        return k > sorted.length ? Double.POSITIVE_INFINITY : sorted[(int) k - 1];
    }

    /** {@code ceil((n + 1) * coverage)}: which order statistic (1-based) is the quantile. */
    public static long rank(int n, double coverage) {
        checkCoverage(coverage);
        // A hair below the product guards against (n+1)*0.9 landing a rounding error above an integer.
        return (long) Math.ceil((n + 1) * coverage - 1e-9);
    }

    static void checkCoverage(double coverage) {
        if (!(coverage > 0 && coverage < 1)) {
            throw new IllegalArgumentException("coverage must lie strictly between 0 and 1, got " + coverage);
        }
    }
}
