package org.tagllm.knime.engine.method;

import java.util.Arrays;

/**
 * The figures screeners read on imbalanced classification data, beside {@link Metrics}' accuracy, F1 and AUROC:
 * average precision (PR-AUC), the Matthews correlation, balanced accuracy and the enrichment factor of the top
 * scores. Definitions follow scikit-learn ({@code average_precision_score}, {@code matthews_corrcoef},
 * {@code balanced_accuracy_score}) and RDKit's {@code CalcEnrichment} (top ⌈x·N⌉ rows); ties are spelled out at
 * each method.
 */
final class ScreeningMetrics {

    private ScreeningMetrics() {}

    /**
     * Average precision of the scores for class 1: Σ (Rₖ − Rₖ₋₁) · Pₖ over the distinct scores from the highest, a
     * group of tied scores entering at once (scikit-learn). NaN when no row is positive (there is no recall to
     * reach); 1 when every row is.
     */
    static double averagePrecision(int[] labels, double[] score) {
        long positives = Arrays.stream(labels).filter(l -> l == 1).count();
        if (positives == 0) {
            return Double.NaN;
        }
        Integer[] order = byScoreDescending(score);
        double ap = 0;
        int truePositives = 0;
        int seen = 0;
        double lastRecall = 0;
        for (int i = 0; i < order.length; ) {
            int j = i;
            while (j < order.length && score[order[j]] == score[order[i]]) {
                truePositives += labels[order[j]] == 1 ? 1 : 0;
                j++;
            }
            seen = j;
            double recall = (double) truePositives / positives;
            ap += (recall - lastRecall) * truePositives / seen;
            lastRecall = recall;
            i = j;
        }
        return ap;
    }

    /**
     * Enrichment factor of the top {@code fraction} of rows by score: (actives among the top ⌈fraction·N⌉ / that
     * count) over (actives / N). Rows tied with the last one taken share the remaining places by their share of
     * actives (the expectation over any order of the ties), so the figure does not depend on row order. NaN when no
     * row is positive.
     */
    static double enrichment(int[] labels, double[] score, double fraction) {
        long positives = Arrays.stream(labels).filter(l -> l == 1).count();
        if (positives == 0) {
            return Double.NaN;
        }
        int n = labels.length;
        int top = (int) Math.ceil(fraction * n - 1e-9); // 1 % of 300 is 3 rows, not the 4 of a rounding error
        top = Math.max(1, Math.min(n, top));
        Integer[] order = byScoreDescending(score);
        double hits = 0;
        int taken = 0;
        for (int i = 0; i < order.length && taken < top; ) {
            int j = i;
            int actives = 0;
            while (j < order.length && score[order[j]] == score[order[i]]) {
                actives += labels[order[j]] == 1 ? 1 : 0;
                j++;
            }
            int group = j - i;
            int places = Math.min(group, top - taken);
            hits += places * (double) actives / group;
            taken += places;
            i = j;
        }
        return (hits / top) / ((double) positives / n);
    }

    /**
     * Matthews correlation of predicted against true classes, for any number of classes (Gorodkin's R_K, which is
     * the usual (TP·TN − FP·FN) / √((TP+FP)(TP+FN)(TN+FP)(TN+FN)) for two); 0 when the denominator is 0 (one class
     * in truth or prediction), as scikit-learn.
     */
    static double mcc(int[] labels, int[] predicted, int classes) {
        long[] truthCount = new long[classes];
        long[] predictedCount = new long[classes];
        long correct = 0;
        for (int i = 0; i < labels.length; i++) {
            truthCount[labels[i]]++;
            predictedCount[predicted[i]]++;
            correct += labels[i] == predicted[i] ? 1 : 0;
        }
        double n = labels.length;
        double tp = 0;
        double tt = 0;
        double pp = 0;
        for (int c = 0; c < classes; c++) {
            tp += (double) truthCount[c] * predictedCount[c];
            tt += (double) truthCount[c] * truthCount[c];
            pp += (double) predictedCount[c] * predictedCount[c];
        }
        double denominator = Math.sqrt((n * n - pp) * (n * n - tt));
        return denominator == 0 ? 0.0 : (correct * n - tp) / denominator;
    }

    /** Mean recall over the classes present in the truth (scikit-learn); a class never true is left out. */
    static double balancedAccuracy(int[] labels, int[] predicted, int classes) {
        long[] truthCount = new long[classes];
        long[] hit = new long[classes];
        for (int i = 0; i < labels.length; i++) {
            truthCount[labels[i]]++;
            hit[labels[i]] += labels[i] == predicted[i] ? 1 : 0;
        }
        double sum = 0;
        int present = 0;
        for (int c = 0; c < classes; c++) {
            if (truthCount[c] > 0) {
                sum += (double) hit[c] / truthCount[c];
                present++;
            }
        }
        return sum / present;
    }

    /** Row indices from the highest score down; ties keep row order (which no figure here depends on). */
    private static Integer[] byScoreDescending(double[] score) {
        Integer[] order = new Integer[score.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));
        return order;
    }
}
