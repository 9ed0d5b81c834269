package org.tagllm.knime.engine.model;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Element-wise comparison of decoder output (float32, flat) with reference rows (double). An element passes when
 * |actual - expected| <= rel * (|expected| + rms), rms being the root mean square of all expected values: relative
 * error, with the tensor's own scale as the floor for elements near zero.
 */
final class Compare {

    /** The tolerance of every decoder-versus-reference comparison. */
    static final double REL = 1e-4;

    private Compare() {}

    /**
     * @param actual flat decoder output; row t of {@code expected} starts at {@code offset + t * width}
     */
    static void assertRowsClose(String what, float[] actual, int offset, double[][] expected, double rel) {
        double rms = rms(expected);
        int width = expected[0].length;
        for (int t = 0; t < expected.length; t++) {
            for (int i = 0; i < width; i++) {
                double a = actual[offset + t * width + i];
                double e = expected[t][i];
                double tol = rel * (Math.abs(e) + rms);
                if (!(Math.abs(a - e) <= tol)) {
                    fail(String.format("%s [t=%d, i=%d]: decoder %.8g, reference %.8g (difference %.3g, tolerance "
                            + "%.3g)", what, t, i, a, e, Math.abs(a - e), tol));
                }
            }
        }
    }

    /** The largest |actual - expected| / (|expected| + rms) over all elements. */
    static double worstError(float[] actual, int offset, double[][] expected) {
        double rms = rms(expected);
        int width = expected[0].length;
        double worst = 0;
        for (int t = 0; t < expected.length; t++) {
            for (int i = 0; i < width; i++) {
                double e = expected[t][i];
                worst = Math.max(worst, Math.abs(actual[offset + t * width + i] - e) / (Math.abs(e) + rms));
            }
        }
        return worst;
    }

    static double rms(double[][] rows) {
        double sum = 0;
        long n = 0;
        for (double[] row : rows) {
            for (double v : row) {
                sum += v * v;
                n++;
            }
        }
        return Math.sqrt(sum / n);
    }
}
