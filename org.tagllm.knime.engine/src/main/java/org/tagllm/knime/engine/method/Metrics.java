package org.tagllm.knime.engine.method;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metrics a stage reports on its validation and test parts. Degenerate inputs are explicit: a correlation of
 * constant values is NaN, AUROC of a single-class set is NaN (both say "undefined", never a silent 0).
 */
public final class Metrics {

    private Metrics() {}

    /** MSE, RMSE, MAE, Pearson, Spearman and R² of the first output. */
    public static Map<String, Double> regression(double[] truth, double[] predicted) {
        Map<String, Double> m = new LinkedHashMap<>();
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
        double mean = Arrays.stream(truth).average().orElse(Double.NaN);
        double total = Arrays.stream(truth).map(t -> (t - mean) * (t - mean)).sum() / truth.length;
        m.put("r2", total == 0 ? Double.NaN : 1 - mse / total);
        return m;
    }

    /** Accuracy, mean negative log-likelihood and, for two classes, AUROC of the second class. */
    public static Map<String, Double> classification(int[] labels, double[][] probabilities) {
        Map<String, Double> m = new LinkedHashMap<>();
        int correct = 0;
        double nll = 0;
        for (int i = 0; i < labels.length; i++) {
            int best = 0;
            for (int c = 1; c < probabilities[i].length; c++) {
                if (probabilities[i][c] > probabilities[i][best]) {
                    best = c;
                }
            }
            correct += best == labels[i] ? 1 : 0;
            nll -= Math.log(Math.max(probabilities[i][labels[i]], 1e-300));
        }
        m.put("accuracy", (double) correct / labels.length);
        m.put("nll", nll / labels.length);
        if (probabilities.length > 0 && probabilities[0].length == 2) {
            double[] score = Arrays.stream(probabilities).mapToDouble(p -> p[1]).toArray();
            m.put("auroc", auroc(labels, score));
        }
        return m;
    }

    static double pearson(double[] x, double[] y) {
        double mx = Arrays.stream(x).average().orElse(Double.NaN);
        double my = Arrays.stream(y).average().orElse(Double.NaN);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
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
}
