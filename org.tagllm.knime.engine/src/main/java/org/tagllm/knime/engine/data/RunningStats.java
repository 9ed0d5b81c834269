package org.tagllm.knime.engine.data;

/** Welford's running mean and variance: one pass, no catastrophic cancellation, constant memory. */
final class RunningStats {

    private long count;
    private double mean;
    private double sumOfSquares;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    void add(double x) {
        count++;
        double delta = x - mean;
        mean += delta / count;
        sumOfSquares += delta * (x - mean);
        min = Math.min(min, x);
        max = Math.max(max, x);
    }

    NumericStats stats() {
        if (count == 0) {
            return new NumericStats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double std = count > 1 ? Math.sqrt(sumOfSquares / (count - 1)) : 0;
        return new NumericStats(count, mean, std, min, max);
    }
}
