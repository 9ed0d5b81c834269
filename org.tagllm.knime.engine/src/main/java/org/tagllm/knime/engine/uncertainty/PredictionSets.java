package org.tagllm.knime.engine.uncertainty;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Conformal prediction sets for a classifier (the "least ambiguous set-valued classifier", Sadinle et al. 2019):
 * the score of a calibration row is {@code 1 - p(true class)}; a new row's set holds every class whose
 * {@code 1 - p(class)} is at most the conformal quantile q. The set covers the true class with probability at least
 * the coverage asked; it may hold several classes (the model cannot tell them apart) or none (no class is plausible
 * enough).
 *
 * <p>Class-conditional (Mondrian, Vovk et al. 2005; Sadinle et al. 2019 §4): each class c has its own quantile
 * {@code q_c}, of the scores of the calibration rows of class c only, and a class is in the set when its score is at
 * most its own {@code q_c}. Each class's rows are then covered at the rate asked, not only all rows together: on an
 * imbalanced task the marginal set buys its coverage on the majority class and under-covers the minority, and when
 * the class mix of new rows differs from the calibration rows' (a scaffold split's parts do) marginal coverage moves
 * with it, while per-class coverage does not.
 *
 * @param coverage       the coverage asked, e.g. 0.9
 * @param quantile       the conformal quantile of all calibration rows' scores, between 0 and 1 (or +infinity: every
 *                       class, always)
 * @param classQuantiles per class, the quantile of its own rows' scores (1 when the class has too few rows: always in
 *                       the set); null for marginal sets
 */
public record PredictionSets(double coverage, double quantile, List<Double> classQuantiles) {

    public PredictionSets {
        ConformalQuantile.checkCoverage(coverage);
        if (Double.isNaN(quantile) || quantile < 0) {
            throw new IllegalArgumentException("the conformal quantile must be 0 or more, got " + quantile);
        }
        if (classQuantiles != null) {
            for (Double q : classQuantiles) {
                if (q == null || !(q >= 0 && q <= 1)) {
                    throw new IllegalArgumentException("a class's conformal quantile must lie between 0 and 1, got "
                            + q);
                }
            }
            classQuantiles = List.copyOf(classQuantiles);
        }
    }

    /** Marginal sets: one quantile for every class. */
    public PredictionSets(double coverage, double quantile) {
        this(coverage, quantile, null);
    }

    /** Fits marginal sets on calibration rows: each row's class index and its (calibrated) class probabilities. */
    public static PredictionSets fit(int[] labels, double[][] probabilities, double coverage) {
        return new PredictionSets(coverage, ConformalQuantile.of(scores(labels, probabilities), coverage));
    }

    /**
     * Fits class-conditional sets; the marginal quantile is kept beside. A class with fewer calibration rows than the
     * coverage needs ({@code ceil((n_c + 1) coverage) > n_c}) gets quantile 1: it is always in the set.
     */
    public static PredictionSets fitMondrian(int[] labels, double[][] probabilities, double coverage) {
        double[] scores = scores(labels, probabilities);
        int classes = probabilities.length == 0 ? 0 : probabilities[0].length;
        List<Double> perClass = new ArrayList<>(classes);
        for (int c = 0; c < classes; c++) {
            int k = c;
            double[] own = IntStream.range(0, labels.length).filter(i -> labels[i] == k)
                    .mapToDouble(i -> scores[i]).toArray();
            double q = own.length == 0 ? Double.POSITIVE_INFINITY : ConformalQuantile.of(own, coverage);
            perClass.add(Math.min(q, 1.0)); // scores are at most 1: a quantile of 1 admits the class always
        }
        return new PredictionSets(coverage, ConformalQuantile.of(scores, coverage), perClass);
    }

    /** Whether the sets are class-conditional. */
    public boolean mondrian() {
        return classQuantiles != null;
    }

    /** The indices of the classes in a row's set, in class order. */
    public List<Integer> set(double[] probabilities) {
        List<Integer> set = new ArrayList<>();
        for (int c = 0; c < probabilities.length; c++) {
            if (1 - probabilities[c] <= (classQuantiles == null ? quantile : classQuantiles.get(c))) {
                set.add(c);
            }
        }
        return set;
    }

    private static double[] scores(int[] labels, double[][] probabilities) {
        if (labels.length != probabilities.length) {
            throw new IllegalArgumentException("calibration rows differ in number: " + labels.length + " labels, "
                    + probabilities.length + " probability rows");
        }
        double[] scores = new double[labels.length];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = 1 - probabilities[i][labels[i]];
        }
        return scores;
    }
}
