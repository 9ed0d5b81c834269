package org.tagllm.knime.engine.uncertainty;

import java.util.Arrays;

/**
 * Split-conformal prediction intervals for a regression output, fitted on validation rows. Plain: every interval is
 * {@code prediction ± q}, q the conformal quantile of the absolute residuals. Normalised (locally adaptive, Papadopoulos
 * et al. 2008): the scores are {@code |residual| / (sd + beta)}, sd the ensemble's spread for the row, and each interval
 * is {@code prediction ± q (sd + beta)}; {@code beta}, the calibration rows' median spread, keeps rows on which the
 * members happen to agree from getting a zero-width interval.
 *
 * @param coverage   the coverage asked, e.g. 0.9
 * @param quantile   the conformal quantile of the scores (in the target's units when not normalised)
 * @param normalised whether the scores were divided by {@code sd + beta}
 * @param beta       the offset added to the spread; 0 when not normalised
 */
public record RegressionIntervals(double coverage, double quantile, boolean normalised, double beta) {

    public RegressionIntervals {
        ConformalQuantile.checkCoverage(coverage);
        if (Double.isNaN(quantile) || quantile < 0) {
            throw new IllegalArgumentException("the conformal quantile must be 0 or more, got " + quantile);
        }
        if (!(beta >= 0) || !Double.isFinite(beta) || (!normalised && beta != 0)) {
            throw new IllegalArgumentException("beta must be finite and 0 or more (0 unless normalised), got " + beta);
        }
    }

    /**
     * Fits on calibration rows.
     *
     * @param spread each row's ensemble sd, or null for plain intervals
     */
    public static RegressionIntervals fit(double[] truth, double[] predicted, double[] spread, double coverage) {
        if (truth.length != predicted.length || (spread != null && spread.length != truth.length)) {
            throw new IllegalArgumentException("calibration rows differ in number: " + truth.length + " targets, "
                    + predicted.length + " predictions" + (spread == null ? "" : ", " + spread.length + " spreads"));
        }
        boolean normalised = spread != null;
        double beta = normalised ? median(spread) : 0;
        if (normalised && !(beta > 0)) {
            // The members agree on every calibration row: nothing to normalise by.
            normalised = false;
            beta = 0;
        }
        double[] scores = new double[truth.length];
        for (int i = 0; i < scores.length; i++) {
            double residual = Math.abs(truth[i] - predicted[i]);
            scores[i] = normalised ? residual / (spread[i] + beta) : residual;
        }
        return new RegressionIntervals(coverage, ConformalQuantile.of(scores, coverage), normalised, beta);
    }

    /** The half-width of a row's interval; {@code sd} is ignored unless normalised. */
    public double halfWidth(double sd) {
        return normalised ? quantile * (sd + beta) : quantile;
    }

    public double low(double prediction, double sd) {
        return prediction - halfWidth(sd);
    }

    public double high(double prediction, double sd) {
        return prediction + halfWidth(sd);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n == 0 ? 0 : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
