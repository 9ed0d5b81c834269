package org.tagllm.knime.engine.uncertainty;

import java.util.Arrays;
import java.util.List;

/**
 * Cross-conformal calibration (Vovk 2015; Barber et al. 2021, CV+): K models, each trained without one fold of the
 * calibration rows, score the rows of the fold they did not see; the out-of-fold scores of all folds are pooled and
 * their conformal quantile taken with the finite-sample rank {@code ceil((n + 1)(1 - alpha))}, n the pooled count.
 * Every non-test row then calibrates (not only a validation part), each scored by a model that never saw it; the
 * intervals or sets are centred on the K models' mean. Since that mean is at least as accurate as a single fold's
 * model, pooled out-of-fold scores are, if anything, pessimistic about it: coverage errs on the high side (CV+ proper
 * guarantees at least {@code 1 - 2 alpha} in the worst case and about {@code 1 - alpha} in practice).
 */
public final class CrossConformal {

    private CrossConformal() {}

    /**
     * Plain intervals from the folds' out-of-fold rows.
     *
     * @param truth     per fold, its held-out rows' targets
     * @param predicted per fold, the predictions of the model trained without that fold
     */
    public static RegressionIntervals intervals(List<double[]> truth, List<double[]> predicted, double coverage) {
        return RegressionIntervals.fit(concat(truth), concat(predicted), null, coverage);
    }

    /**
     * Sets from the folds' out-of-fold rows.
     *
     * @param labels        per fold, its held-out rows' class indices
     * @param probabilities per fold, the class probabilities of the model trained without that fold
     * @param mondrian      one quantile per class (else one for all)
     */
    public static PredictionSets sets(List<int[]> labels, List<double[][]> probabilities, double coverage,
            boolean mondrian) {
        int[] l = labels.stream().flatMapToInt(Arrays::stream).toArray();
        double[][] p = probabilities.stream().flatMap(Arrays::stream).toArray(double[][]::new);
        return mondrian ? PredictionSets.fitMondrian(l, p, coverage) : PredictionSets.fit(l, p, coverage);
    }

    private static double[] concat(List<double[]> parts) {
        return parts.stream().flatMapToDouble(Arrays::stream).toArray();
    }
}
