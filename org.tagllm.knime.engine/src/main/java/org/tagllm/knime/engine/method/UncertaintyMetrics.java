package org.tagllm.knime.engine.method;

import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * How well the uncertainty of some labelled rows held (the test rows, in {@code evaluate} and {@code train}): the
 * intervals' or sets' empirical coverage and size, the error by applicability-domain decile, and how well the domain
 * measures and the flag pick out the large errors (AUROC). A large error is one among the worst tenth of the rows'
 * absolute errors (regression) or a wrong class (classification). Keys start with {@value #PREFIX}.
 */
public final class UncertaintyMetrics {

    public static final String PREFIX = "uq.";

    /** The share of the rows whose error counts as large (regression). */
    static final double LARGE_SHARE = 0.1;

    private UncertaintyMetrics() {}

    /**
     * @param errors      per row: the absolute error (regression) or 1 for a wrong class, 0 for the right one
     * @param classes     true for classification rows (errors are 0/1)
     * @param covered     per row: truth inside the interval or set; null without intervals or sets
     * @param sizes       per row: the interval's width or the set's size; null without
     * @param percentiles per row: the readout distance percentile; null without a domain
     * @param similarity  per row: the Tanimoto similarity to the nearest training molecule (NaN: none); null without
     * @param flagged     per row: outside the domain; null without a domain
     * @param sd          per row: the ensemble's spread; null without an ensemble
     */
    static Map<String, Double> measure(double[] errors, boolean classes, boolean[] covered, double[] sizes,
            double[] percentiles, double[] similarity, boolean[] flagged, double[] sd) {
        Map<String, Double> out = new LinkedHashMap<>();
        int n = errors.length;
        if (n == 0) {
            return out;
        }
        if (covered != null) {
            out.put(PREFIX + (classes ? "set_coverage" : "coverage"), share(covered));
            out.put(PREFIX + (classes ? "set_size" : "interval_width"), Arrays.stream(sizes).average().orElse(0));
        }
        int[] large = largeErrors(errors, classes);
        out.put(PREFIX + "large_errors", (double) IntStream.of(large).sum());
        if (percentiles != null) {
            putAuroc(out, "ad_auroc", large, percentiles);
            double[] flags = new double[n];
            for (int i = 0; i < n; i++) {
                flags[i] = flagged[i] ? 1 : 0;
            }
            putAuroc(out, "flag_auroc", large, flags);
            out.put(PREFIX + "flag_rate", share(flagged));
            deciles(out, "error_ad_decile_", errors, percentiles);
        }
        if (similarity != null && Arrays.stream(similarity).noneMatch(Double::isNaN)) {
            double[] dissimilarity = Arrays.stream(similarity).map(s -> 1 - s).toArray();
            putAuroc(out, "sim_auroc", large, dissimilarity);
            out.put(PREFIX + "similarity_mean", Arrays.stream(similarity).average().orElse(Double.NaN));
            deciles(out, "error_sim_decile_", errors, dissimilarity);
        }
        if (sd != null) {
            putAuroc(out, "sd_auroc", large, sd);
        }
        out.values().removeIf(v -> !Double.isFinite(v));
        return out;
    }

    /** 1 for a large error: a wrong class, or an absolute error above the rows' 90th percentile. */
    static int[] largeErrors(double[] errors, boolean classes) {
        double cut = classes ? 0.5 : quantile(errors, 1 - LARGE_SHARE);
        return Arrays.stream(errors).mapToInt(e -> e > cut ? 1 : 0).toArray();
    }

    /**
     * The mean error of each tenth of the rows ordered by {@code distance} (decile 1 the nearest); ties keep row
     * order. Keys {@code <name>1} … {@code <name>10}.
     */
    private static void deciles(Map<String, Double> out, String name, double[] errors, double[] distance) {
        int n = errors.length;
        if (n < 10) {
            return;
        }
        Integer[] order = IntStream.range(0, n).boxed().sorted(Comparator.comparingDouble(i -> distance[i]))
                .toArray(Integer[]::new);
        for (int d = 0; d < 10; d++) {
            int from = d * n / 10;
            int to = (d + 1) * n / 10;
            double sum = 0;
            for (int i = from; i < to; i++) {
                sum += errors[order[i]];
            }
            out.put(PREFIX + name + (d + 1), sum / (to - from));
        }
    }

    private static void putAuroc(Map<String, Double> out, String key, int[] large, double[] score) {
        out.put(PREFIX + key, Metrics.auroc(large, score));
    }

    private static double share(boolean[] b) {
        int k = 0;
        for (boolean x : b) {
            k += x ? 1 : 0;
        }
        return (double) k / b.length;
    }

    /** The empirical quantile by linear interpolation between order statistics. */
    static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
