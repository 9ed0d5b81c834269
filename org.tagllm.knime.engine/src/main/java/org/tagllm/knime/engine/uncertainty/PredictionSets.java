package org.tagllm.knime.engine.uncertainty;

import java.util.ArrayList;
import java.util.List;

/**
 * Conformal prediction sets for a classifier (the "least ambiguous set-valued classifier", Sadinle et al. 2019):
 * the score of a calibration row is {@code 1 - p(true class)}; a new row's set holds every class whose
 * {@code 1 - p(class)} is at most the conformal quantile q. The set covers the true class with probability at least
 * the coverage asked; it may hold several classes (the model cannot tell them apart) or none (no class is plausible
 * enough).
 *
 * @param coverage the coverage asked, e.g. 0.9
 * @param quantile the conformal quantile of the scores, between 0 and 1 (or +infinity: every class, always)
 */
public record PredictionSets(double coverage, double quantile) {

    public PredictionSets {
        ConformalQuantile.checkCoverage(coverage);
        if (Double.isNaN(quantile) || quantile < 0) {
            throw new IllegalArgumentException("the conformal quantile must be 0 or more, got " + quantile);
        }
    }

    /** Fits on calibration rows: each row's class index and its (calibrated) class probabilities. */
    public static PredictionSets fit(int[] labels, double[][] probabilities, double coverage) {
        if (labels.length != probabilities.length) {
            throw new IllegalArgumentException("calibration rows differ in number: " + labels.length + " labels, "
                    + probabilities.length + " probability rows");
        }
        double[] scores = new double[labels.length];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = 1 - probabilities[i][labels[i]];
        }
        return new PredictionSets(coverage, ConformalQuantile.of(scores, coverage));
    }

    /** The indices of the classes in a row's set, in class order. */
    public List<Integer> set(double[] probabilities) {
        List<Integer> set = new ArrayList<>();
        for (int c = 0; c < probabilities.length; c++) {
            if (1 - probabilities[c] <= quantile) {
                set.add(c);
            }
        }
        return set;
    }
}
