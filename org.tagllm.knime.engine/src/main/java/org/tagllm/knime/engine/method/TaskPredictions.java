package org.tagllm.knime.engine.method;

/**
 * What a method answered on some rows, for reports and plots: per row the truth (the targets, or the class index as
 * one value) and the prediction (values in the targets' units, or class probabilities).
 */
public record TaskPredictions(long[] rows, double[][] truth, double[][] predicted) {

    public TaskPredictions {
        if (rows.length != truth.length || rows.length != predicted.length) {
            throw new IllegalArgumentException("rows, truth and predictions differ in length: " + rows.length + ", "
                    + truth.length + ", " + predicted.length);
        }
    }

    public static TaskPredictions empty() {
        return new TaskPredictions(new long[0], new double[0][], new double[0][]);
    }

    public int size() {
        return rows.length;
    }
}
