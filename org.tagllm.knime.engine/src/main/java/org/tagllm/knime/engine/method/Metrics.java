package org.tagllm.knime.engine.method;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metrics a stage reports on its validation and test parts, and corpus BLEU for generated text.
 *
 * <p>Degenerate inputs are handled explicitly, never by a silent NaN:
 * <ul>
 * <li>No rows, or arrays of different lengths: {@link IllegalArgumentException} naming the lengths. A truth that is
 *     not finite, a label outside the classes, or probability rows of different widths: the same, naming the row.
 * <li>A prediction or probability that is not finite (a diverged model): every metric is NaN, so that training can
 *     record a failed evaluation instead of stopping.
 * <li>Pearson and Spearman when either side is constant: 0.0. No association can be shown, so a mean predictor
 *     reads 0 instead of NaN.
 * <li>Spearman with ties: tied values share their mean rank.
 * <li>R² when the truth is constant: the key {@code r2} is left out (there is no variance to explain).
 * <li>AUROC when only one class is present: the key {@code auroc} is left out. When every score is equal it is 0.5.
 * <li>F1 when precision + recall = 0: 0.0, as scikit-learn's {@code zero_division=0}. MCC when a class is missing
 *     from truth or prediction: 0.0, likewise.
 * <li>PR-AUC and enrichment factors when no row is positive: left out. Ties among scores are spelled out in
 *     {@link ScreeningMetrics}.
 * </ul>
 * So callers must not expect every key of {@link #REGRESSION_KEYS} or {@link #CLASSIFICATION_KEYS}: {@code r2},
 * {@code auroc}, {@code pr_auc} and the enrichment factors may be missing, and the last four (the scores of class 1)
 * are only computed for two classes.
 */
public final class Metrics {

    /** Every key {@link #regression} can return, in its order; {@code r2} is left out when the truth is constant. */
    public static final List<String> REGRESSION_KEYS = List.of("mse", "rmse", "mae", "pearson", "spearman", "r2");

    /**
     * Every key {@link #classification} can return, in its order; {@code auroc} only for two classes with both
     * present.
     */
    public static final List<String> CLASSIFICATION_KEYS = List.of("accuracy", "nll", "f1", "auroc",
            "balanced_accuracy", "mcc", "pr_auc", "ef_1pct", "ef_5pct");

    /** The keys only two classes have: figures of class 1's scores, not of the predicted classes. */
    private static final List<String> BINARY_KEYS = List.of("auroc", "pr_auc", "ef_1pct", "ef_5pct");

    private Metrics() {}

    /** MSE, RMSE, MAE, Pearson, Spearman and R² of predictions against the truth. */
    public static Map<String, Double> regression(double[] truth, double[] predicted) {
        checkLengths("truth", truth.length, "predicted", predicted.length);
        checkFinite("truth", truth);
        Map<String, Double> m = new LinkedHashMap<>();
        if (!allFinite(predicted)) {
            REGRESSION_KEYS.forEach(k -> m.put(k, Double.NaN));
            return m;
        }
        double mse = 0;
        double mae = 0;
        for (int i = 0; i < truth.length; i++) {
            double e = predicted[i] - truth[i];
            mse += e * e;
            mae += Math.abs(e);
        }
        mse /= truth.length;
        m.put("mse", mse);
        m.put("rmse", Math.sqrt(mse));
        m.put("mae", mae / truth.length);
        m.put("pearson", pearson(truth, predicted));
        m.put("spearman", pearson(ranks(truth), ranks(predicted)));
        if (!isConstant(truth)) {
            double mean = Arrays.stream(truth).average().orElseThrow();
            double total = Arrays.stream(truth).map(t -> (t - mean) * (t - mean)).sum() / truth.length;
            m.put("r2", 1 - mse / total);
        }
        return m;
    }

    /** {@link #classification(int[], double[][], ClassDecision)} with the most probable class predicted. */
    public static Map<String, Double> classification(int[] labels, double[][] probabilities) {
        return classification(labels, probabilities, ClassDecision.MOST_PROBABLE);
    }

    /**
     * Accuracy, mean negative log-likelihood, F1, balanced accuracy and the Matthews correlation of the classes
     * {@code decision} names; for two classes also AUROC, PR-AUC (average precision) and the enrichment factors at
     * 1 % and 5 % of class 1's probability. F1 is that of class 1 for two classes, else the macro average over the
     * classes that occur in the labels or the predictions (scikit-learn's {@code average="macro"}).
     *
     * @param labels class index per row, from 0 to the number of classes − 1
     * @param probabilities per row, one probability per class; every row the same width
     * @param decision how a row's probabilities name its class (the most probable, or a threshold for two classes)
     */
    public static Map<String, Double> classification(int[] labels, double[][] probabilities,
            ClassDecision decision) {
        checkLengths("labels", labels.length, "probabilities", probabilities.length);
        int classes = probabilities[0].length;
        boolean finite = true;
        for (int i = 0; i < labels.length; i++) {
            if (probabilities[i].length != classes) {
                throw new IllegalArgumentException("probabilities of row " + i + " have " + probabilities[i].length
                        + " classes, row 0 has " + classes);
            }
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label of row " + i + " is " + labels[i] + ", outside the "
                        + classes + " classes 0.." + (classes - 1));
            }
            finite &= allFinite(probabilities[i]);
        }
        Map<String, Double> m = new LinkedHashMap<>();
        if (!finite) {
            CLASSIFICATION_KEYS.stream().filter(k -> classes == 2 || !BINARY_KEYS.contains(k))
                    .forEach(k -> m.put(k, Double.NaN));
            return m;
        }
        int[] predicted = new int[labels.length];
        int correct = 0;
        double nll = 0;
        for (int i = 0; i < labels.length; i++) {
            double[] p = probabilities[i];
            predicted[i] = decision.classIndex(p);
            correct += predicted[i] == labels[i] ? 1 : 0;
            // A probability of exactly 0 for the true class would make the mean infinite; cap the loss instead.
            nll -= Math.log(Math.max(p[labels[i]], 1e-300));
        }
        m.put("accuracy", (double) correct / labels.length);
        m.put("nll", nll / labels.length);
        m.put("f1", classes == 2 ? f1(labels, predicted, 1) : macroF1(labels, predicted, classes));
        if (classes == 2) {
            double auroc = auroc(labels, Arrays.stream(probabilities).mapToDouble(p -> p[1]).toArray());
            if (!Double.isNaN(auroc)) {
                m.put("auroc", auroc);
            }
        }
        m.put("balanced_accuracy", ScreeningMetrics.balancedAccuracy(labels, predicted, classes));
        m.put("mcc", ScreeningMetrics.mcc(labels, predicted, classes));
        if (classes == 2) {
            double[] score = Arrays.stream(probabilities).mapToDouble(p -> p[1]).toArray();
            putIfDefined(m, "pr_auc", ScreeningMetrics.averagePrecision(labels, score));
            putIfDefined(m, "ef_1pct", ScreeningMetrics.enrichment(labels, score, 0.01));
            putIfDefined(m, "ef_5pct", ScreeningMetrics.enrichment(labels, score, 0.05));
        }
        return m;
    }

    private static void putIfDefined(Map<String, Double> m, String key, double value) {
        if (!Double.isNaN(value)) {
            m.put(key, value);
        }
    }

    /**
     * Corpus BLEU-4 (Papineni et al. 2002) without smoothing, in [0, 1]; see {@link CorpusBleu} for the exact
     * definition. Text is split into tokens on whitespace, so tokenise punctuation beforehand if it should count.
     *
     * @param hypotheses one generated text per row
     * @param references one or more reference texts per row
     */
    public static double corpusBleu(List<String> hypotheses, List<List<String>> references) {
        return CorpusBleu.score(hypotheses, references);
    }

    /** F1 of one class: 2TP / (2TP + FP + FN), which is the harmonic mean of precision and recall, else 0. */
    static double f1(int[] labels, int[] predicted, int positive) {
        int tp = 0;
        int fp = 0;
        int fn = 0;
        for (int i = 0; i < labels.length; i++) {
            boolean isPositive = labels[i] == positive;
            boolean saidPositive = predicted[i] == positive;
            tp += isPositive && saidPositive ? 1 : 0;
            fp += !isPositive && saidPositive ? 1 : 0;
            fn += isPositive && !saidPositive ? 1 : 0;
        }
        return tp == 0 ? 0.0 : 2.0 * tp / (2.0 * tp + fp + fn);
    }

    private static double macroF1(int[] labels, int[] predicted, int classes) {
        boolean[] occurs = new boolean[classes];
        for (int i = 0; i < labels.length; i++) {
            occurs[labels[i]] = true;
            occurs[predicted[i]] = true;
        }
        double sum = 0;
        int counted = 0;
        for (int c = 0; c < classes; c++) {
            if (occurs[c]) {
                sum += f1(labels, predicted, c);
                counted++;
            }
        }
        return sum / counted;
    }

    /** Pearson correlation; 0 when either side is constant. */
    static double pearson(double[] x, double[] y) {
        if (isConstant(x) || isConstant(y)) {
            return 0.0;
        }
        double mx = Arrays.stream(x).average().orElseThrow();
        double my = Arrays.stream(y).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    /** Ranks from 1, ties sharing their mean rank. */
    static double[] ranks(double[] values) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
        double[] ranks = new double[values.length];
        for (int i = 0; i < order.length; ) {
            int j = i;
            while (j + 1 < order.length && values[order[j + 1]] == values[order[i]]) {
                j++;
            }
            double mean = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                ranks[order[k]] = mean;
            }
            i = j + 1;
        }
        return ranks;
    }

    /** Probability that a random positive scores above a random negative (ties count half); NaN with one class. */
    static double auroc(int[] labels, double[] score) {
        double[] r = ranks(score);
        long positives = Arrays.stream(labels).filter(l -> l == 1).count();
        long negatives = labels.length - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        double rankSum = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == 1) {
                rankSum += r[i];
            }
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /** Exact comparison on purpose: a mean of equal values need not reproduce them, so sums of squares can't tell. */
    private static boolean isConstant(double[] values) {
        for (double v : values) {
            if (v != values[0]) {
                return false;
            }
        }
        return true;
    }

    static void checkLengths(String name, int length, String otherName, int otherLength) {
        if (length != otherLength) {
            throw new IllegalArgumentException(name + " has " + length + " rows but " + otherName + " has "
                    + otherLength);
        }
        if (length == 0) {
            throw new IllegalArgumentException("no rows to evaluate: " + name + " and " + otherName + " are empty");
        }
    }

    private static void checkFinite(String name, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(name + " of row " + i + " is " + values[i]
                        + "; metrics need finite values");
            }
        }
    }

    private static boolean allFinite(double[] values) {
        return Arrays.stream(values).allMatch(Double::isFinite);
    }
}
