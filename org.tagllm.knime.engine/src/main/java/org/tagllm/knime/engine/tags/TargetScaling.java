package org.tagllm.knime.engine.tags;

import java.util.Arrays;

/**
 * Per-output standardisation of regression targets: the head learns (y - mean) / std and reports predictions in the
 * original units. Fitted on the training targets only.
 *
 * @param mean per output, [k]
 * @param std  per output, [k], positive
 */
public record TargetScaling(double[] mean, double[] std) {

    public TargetScaling {
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("mean and std need the same positive length, got " + mean.length
                    + " and " + std.length);
        }
        for (int j = 0; j < std.length; j++) {
            if (!(std[j] > 0) || !Double.isFinite(std[j]) || !Double.isFinite(mean[j])) {
                throw new IllegalArgumentException("output " + j + ": need a finite mean and a finite positive std,"
                        + " got mean " + mean[j] + ", std " + std[j]);
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }

    /** Mean 0 and std 1 for each of {@code outputs} outputs: targets are used as they are. */
    public static TargetScaling identity(int outputs) {
        double[] ones = new double[outputs];
        Arrays.fill(ones, 1);
        return new TargetScaling(new double[outputs], ones);
    }

    /**
     * Mean and population standard deviation of each output over the training targets [N][k]. An output that never
     * varies gets std 1 (its standardised target is then 0).
     *
     * @throws IllegalArgumentException when there are no targets, rows differ in length or a value is not finite
     */
    public static TargetScaling fit(double[][] targets) {
        if (targets.length == 0) {
            throw new IllegalArgumentException("no training targets to fit the scaling on");
        }
        int k = targets[0].length;
        double[] mean = new double[k];
        double[] m2 = new double[k];
        for (int i = 0; i < targets.length; i++) {
            checkRow(targets[i], i, k);
            // Welford's update: stable for large offsets.
            for (int j = 0; j < k; j++) {
                double delta = targets[i][j] - mean[j];
                mean[j] += delta / (i + 1);
                m2[j] += delta * (targets[i][j] - mean[j]);
            }
        }
        double[] std = new double[k];
        for (int j = 0; j < k; j++) {
            double s = Math.sqrt(m2[j] / targets.length);
            std[j] = s > 0 ? s : 1;
        }
        return new TargetScaling(mean, std);
    }

    public int outputs() {
        return mean.length;
    }

    /** (y - mean) / std of targets [N][k], flat row-major float32. */
    public float[] standardise(double[][] targets) {
        int k = outputs();
        float[] out = new float[targets.length * k];
        for (int i = 0; i < targets.length; i++) {
            checkRow(targets[i], i, k);
            for (int j = 0; j < k; j++) {
                out[i * k + j] = (float) ((targets[i][j] - mean[j]) / std[j]);
            }
        }
        return out;
    }

    /** mean + std * z of standardised values, flat row-major [N * k], as [N][k]. */
    public double[][] restore(float[] standardised) {
        int k = outputs();
        if (standardised.length % k != 0) {
            throw new IllegalArgumentException(standardised.length + " values are not rows of " + k + " outputs");
        }
        double[][] out = new double[standardised.length / k][k];
        for (int i = 0; i < out.length; i++) {
            for (int j = 0; j < k; j++) {
                out[i][j] = mean[j] + std[j] * standardised[i * k + j];
            }
        }
        return out;
    }

    private static void checkRow(double[] row, int i, int k) {
        if (row.length != k) {
            throw new IllegalArgumentException("target row " + i + " has " + row.length + " values, expected " + k);
        }
        for (int j = 0; j < k; j++) {
            if (!Double.isFinite(row[j])) {
                throw new IllegalArgumentException("target row " + i + ", output " + j + " is " + row[j]);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TargetScaling s && Arrays.equals(mean, s.mean) && Arrays.equals(std, s.std);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(mean) * 31 + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "TargetScaling[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
