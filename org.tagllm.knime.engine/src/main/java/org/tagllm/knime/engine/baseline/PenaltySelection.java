package org.tagllm.knime.engine.baseline;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tagllm.knime.engine.method.Metrics;

/**
 * Chooses λ from {@link FingerprintBaseline#LAMBDAS} by the loss on the validation rows: MSE for ridge, mean
 * negative log-likelihood for logistic regression; a tie goes to the larger λ. Every candidate is fitted on the
 * training rows only, and the chosen one is returned as fitted: the validation rows never enter the weights.
 */
final class PenaltySelection {

    /** The chosen λ, its model, and the validation loss of every λ tried, in grid order. */
    record Selected(double lambda, LinearModel model, Map<Double, Double> validationLoss) {}

    private PenaltySelection() {}

    static Selected ridge(SparseRows train, double[] trainY, SparseRows valid, double[] validY, SolverPath path) {
        Ridge ridge = Ridge.prepare(train, trainY, path);
        Map<Double, LinearModel> models = new LinkedHashMap<>();
        Map<Double, Double> losses = new LinkedHashMap<>();
        for (double lambda : FingerprintBaseline.LAMBDAS) {
            LinearModel m = ridge.fit(lambda);
            models.put(lambda, m);
            losses.put(lambda, Metrics.regression(validY, m.scores(valid)).get("mse"));
        }
        return best(models, losses);
    }

    static Selected logistic(SparseRows train, int[] trainLabels, SparseRows valid, int[] validLabels,
            SolverPath path) {
        Logistic logistic = Logistic.prepare(train, trainLabels, path);
        Map<Double, LinearModel> models = new LinkedHashMap<>();
        List<Double> grid = FingerprintBaseline.LAMBDAS;
        // Largest λ first, each fit starting from the previous solution: the path of optima is smooth in λ.
        LinearModel previous = null;
        for (int k = grid.size() - 1; k >= 0; k--) {
            double lambda = grid.get(k);
            previous = previous == null ? logistic.fit(lambda) : logistic.fit(lambda, previous);
            models.put(lambda, previous);
        }
        Map<Double, Double> losses = new LinkedHashMap<>();
        for (double lambda : grid) {
            double[][] p = probabilities(models.get(lambda), valid);
            losses.put(lambda, Metrics.classification(validLabels, p).get("nll"));
        }
        Map<Double, LinearModel> inGridOrder = new LinkedHashMap<>();
        grid.forEach(lambda -> inGridOrder.put(lambda, models.get(lambda)));
        return best(inGridOrder, losses);
    }

    static double[][] probabilities(LinearModel model, SparseRows rows) {
        double[] scores = model.scores(rows);
        double[][] p = new double[scores.length][];
        for (int i = 0; i < scores.length; i++) {
            // σ(−s) rather than 1 − σ(s), which would round a confident class 0 to exactly 0.
            p[i] = new double[] {Logistic.sigmoid(-scores[i]), Logistic.sigmoid(scores[i])};
        }
        return p;
    }

    private static Selected best(Map<Double, LinearModel> models, Map<Double, Double> losses) {
        double bestLambda = Double.NaN;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (Map.Entry<Double, Double> e : losses.entrySet()) {
            if (e.getValue() <= bestLoss) {
                bestLambda = e.getKey();
                bestLoss = e.getValue();
            }
        }
        if (Double.isNaN(bestLambda)) {
            throw new IllegalStateException("no λ gave a finite validation loss: " + losses);
        }
        return new Selected(bestLambda, models.get(bestLambda), Collections.unmodifiableMap(losses));
    }
}
