package org.tagllm.knime.engine.domain;

import java.util.Arrays;

/**
 * The percentile above which a row is flagged "outside the domain", chosen on validation rows: the threshold that best
 * separates the rows with a large error from the rest (Youden's J, true-positive rate minus false-positive rate, of
 * the rule "percentile above the threshold"). When the validation rows hold no large error, or nothing else, nothing
 * can be learnt from them and the threshold is the conventional 95th percentile of the training distances.
 */
public final class FlagThreshold {

    public static final double FALLBACK = 95;

    private FlagThreshold() {}

    /**
     * @param percentiles each validation row's distance percentile
     * @param largeError  whether the row's error counts as large
     */
    public static double choose(double[] percentiles, boolean[] largeError) {
        if (percentiles.length != largeError.length) {
            throw new IllegalArgumentException(percentiles.length + " percentiles for " + largeError.length
                    + " error flags");
        }
        int positives = 0;
        for (boolean b : largeError) {
            positives += b ? 1 : 0;
        }
        int negatives = percentiles.length - positives;
        if (positives == 0 || negatives == 0) {
            return FALLBACK;
        }
        double[] candidates = Arrays.stream(percentiles).distinct().sorted().toArray();
        double best = FALLBACK;
        double bestJ = Double.NEGATIVE_INFINITY;
        // "flag when percentile > t": t = each candidate value, so rows at exactly t are not flagged.
        for (double t : candidates) {
            int tp = 0;
            int fp = 0;
            for (int i = 0; i < percentiles.length; i++) {
                if (percentiles[i] > t) {
                    if (largeError[i]) {
                        tp++;
                    } else {
                        fp++;
                    }
                }
            }
            double j = (double) tp / positives - (double) fp / negatives;
            if (j > bestJ) {
                bestJ = j;
                best = t;
            }
        }
        // A rule that flags nothing useful (J <= 0) is no rule: keep the conventional threshold.
        return bestJ > 0 ? best : FALLBACK;
    }

    /** Whether a row at this percentile is flagged. */
    public static boolean flagged(double percentile, double threshold) {
        return percentile > threshold;
    }
}
