package org.tagllm.knime.engine.tags;

/**
 * Temperature scaling (Guo et al., 2017): one scalar T > 0 dividing all logits, fitted on validation logits by
 * minimising the negative log-likelihood. NLL(T) is convex in 1/T, hence unimodal in log T, so a coarse grid over log T
 * followed by golden-section search finds the minimum. Pure Java, double precision.
 */
public final class TemperatureScaling {

    /** The search range of T. */
    public static final double MIN_TEMPERATURE = 1e-2;
    public static final double MAX_TEMPERATURE = 1e2;

    private static final int GRID = 81;
    private static final double TOLERANCE = 1e-7; // in log T

    private TemperatureScaling() {}

    /**
     * The T in [{@value #MIN_TEMPERATURE}, {@value #MAX_TEMPERATURE}] minimising the mean NLL of
     * {@code softmax(logits / T)} at the true labels. Separable data drive T to the lower bound.
     *
     * @param logits [N][C] uncalibrated logits
     * @param labels [N] class indices
     */
    public static double fit(float[][] logits, int[] labels) {
        check(logits, labels);
        double lo = Math.log(MIN_TEMPERATURE);
        double hi = Math.log(MAX_TEMPERATURE);
        // 1. Coarse grid over log T.
        int best = 0;
        double bestNll = Double.POSITIVE_INFINITY;
        double step = (hi - lo) / (GRID - 1);
        for (int i = 0; i < GRID; i++) {
            double nll = nll(logits, labels, Math.exp(lo + i * step));
            if (nll < bestNll) {
                bestNll = nll;
                best = i;
            }
        }
        // 2. Golden-section search in the grid cells around the best point.
        double a = lo + Math.max(0, best - 1) * step;
        double b = lo + Math.min(GRID - 1, best + 1) * step;
        double ratio = (Math.sqrt(5) - 1) / 2;
        double c = b - ratio * (b - a);
        double d = a + ratio * (b - a);
        double fc = nll(logits, labels, Math.exp(c));
        double fd = nll(logits, labels, Math.exp(d));
        while (b - a > TOLERANCE) {
            if (fc <= fd) {
                b = d;
                d = c;
                fd = fc;
                c = b - ratio * (b - a);
                fc = nll(logits, labels, Math.exp(c));
            } else {
                a = c;
                c = d;
                fc = fd;
                d = a + ratio * (b - a);
                fd = nll(logits, labels, Math.exp(d));
            }
        }
        return Math.exp((a + b) / 2);
    }

    /** Mean negative log-likelihood of softmax(logits / T) at the labels. */
    public static double nll(float[][] logits, int[] labels, double temperature) {
        check(logits, labels);
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            double[] p = logProbabilities(logits[i], temperature);
            sum -= p[labels[i]];
        }
        return sum / logits.length;
    }

    /** log softmax(z / T), computed stably. */
    static double[] logProbabilities(float[] z, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : z) {
            max = Math.max(max, v / temperature);
        }
        double sum = 0;
        for (float v : z) {
            sum += Math.exp(v / temperature - max);
        }
        double log = max + Math.log(sum);
        double[] out = new double[z.length];
        for (int c = 0; c < z.length; c++) {
            out[c] = z[c] / temperature - log;
        }
        return out;
    }

    private static void check(float[][] logits, int[] labels) {
        if (logits.length == 0 || logits.length != labels.length) {
            throw new IllegalArgumentException("need one label per logit row and at least one row, got "
                    + logits.length + " rows and " + labels.length + " labels");
        }
        for (int i = 0; i < logits.length; i++) {
            if (labels[i] < 0 || labels[i] >= logits[i].length) {
                throw new IllegalArgumentException("label " + labels[i] + " of row " + i + " outside [0, "
                        + logits[i].length + ")");
            }
        }
    }
}
