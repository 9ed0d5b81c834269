package org.tagllm.knime.engine.domain;

import java.util.Arrays;

/**
 * The mean Euclidean distance of a point to its k nearest reference points (brute force: the references are a few
 * thousand readouts at most). The training distribution of that distance is taken leave-one-out, each reference
 * against the others, so that a training row is not its own neighbour.
 */
public final class NearestNeighbours {

    private final float[][] references;
    private final int k;

    /** @param references the training readouts, {@code [n][d]}; {@code k} is capped at n - 1 for leave-one-out */
    public NearestNeighbours(float[][] references, int k) {
        if (references.length < 2) {
            throw new IllegalArgumentException("the applicability domain needs at least 2 training rows, got "
                    + references.length);
        }
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        this.references = references;
        this.k = Math.min(k, references.length - 1);
    }

    public int k() {
        return k;
    }

    /** The mean distance of {@code point} to its k nearest references. */
    public double distance(float[] point) {
        return meanOfSmallest(distances(point, -1));
    }

    /** Each reference's mean distance to its k nearest other references, sorted ascending. */
    public double[] trainingDistances() {
        double[] out = new double[references.length];
        for (int i = 0; i < references.length; i++) {
            out[i] = meanOfSmallest(distances(references[i], i));
        }
        Arrays.sort(out);
        return out;
    }

    /** Distances to every reference but {@code skip} (-1: none). */
    private double[] distances(float[] point, int skip) {
        double[] d = new double[references.length - (skip >= 0 ? 1 : 0)];
        int j = 0;
        for (int i = 0; i < references.length; i++) {
            if (i == skip) {
                continue;
            }
            float[] r = references[i];
            if (r.length != point.length) {
                throw new IllegalArgumentException("a readout of width " + point.length + " against training readouts"
                        + " of width " + r.length);
            }
            double sum = 0;
            for (int c = 0; c < r.length; c++) {
                double diff = (double) point[c] - r[c];
                sum += diff * diff;
            }
            d[j++] = Math.sqrt(sum);
        }
        return d;
    }

    private double meanOfSmallest(double[] d) {
        Arrays.sort(d);
        double sum = 0;
        for (int i = 0; i < k; i++) {
            sum += d[i];
        }
        return sum / k;
    }
}
