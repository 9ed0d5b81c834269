package org.tagllm.knime.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.tagllm.knime.engine.config.ModelConfig;
import org.tagllm.knime.engine.runtime.OwnedArrays;

/**
 * Hugging Face's rotary embedding as lookup tables for positions {@code [0, capacity)}, each [capacity, hd].
 *
 * <p>HF rotates pairs (j, j + hd/2) by angle {@code position * invFreq_j}: {@code x*cos + rotate_half(x)*sin} with
 * {@code rotate_half(x) = [-x2, x1]}. Here {@code rotate_half(x)} is computed as "swap the halves" and its sign is
 * folded into the sine table ({@code -sin} on the first half), so rotation is two multiplies and one add. The query
 * tables also carry the attention scale 1/sqrt(hd), so scores need no separate scaling. Angles are computed in double
 * precision, then stored as float32.
 */
final class RotaryTables implements AutoCloseable {

    private final NDManager manager;
    private final int capacity;
    final NDArray cos; // [capacity, hd]
    final NDArray sin; // [capacity, hd], first half negated
    final NDArray cosQuery; // [capacity, hd], cos / sqrt(hd)
    final NDArray sinQuery; // [capacity, hd], sin / sqrt(hd), first half negated

    private RotaryTables(NDManager manager, int capacity, NDArray cos, NDArray sin, NDArray cosQuery,
            NDArray sinQuery) {
        this.manager = manager;
        this.capacity = capacity;
        this.cos = cos;
        this.sin = sin;
        this.cosQuery = cosQuery;
        this.sinQuery = sinQuery;
    }

    /** Tables for positions {@code [0, capacity)} in a new capped sub-manager of {@code parent}. */
    static RotaryTables build(ModelConfig config, int capacity, NDManager parent) {
        int hd = config.headDim();
        int half = hd / 2;
        double[] invFreq = inverseFrequencies(config);
        double scale = 1.0 / Math.sqrt(hd);
        float[] cos = new float[capacity * hd];
        float[] sin = new float[capacity * hd];
        float[] cosQ = new float[capacity * hd];
        float[] sinQ = new float[capacity * hd];
        for (int p = 0; p < capacity; p++) {
            for (int j = 0; j < half; j++) {
                double angle = p * invFreq[j];
                double c = Math.cos(angle);
                double s = Math.sin(angle);
                int first = p * hd + j;
                int second = first + half;
                cos[first] = (float) c;
                cos[second] = (float) c;
                sin[first] = (float) -s;
                sin[second] = (float) s;
                cosQ[first] = (float) (c * scale);
                cosQ[second] = (float) (c * scale);
                sinQ[first] = (float) (-s * scale);
                sinQ[second] = (float) (s * scale);
            }
        }
        NDManager manager = parent.newSubManager();
        Shape shape = new Shape(capacity, hd);
        RotaryTables tables = new RotaryTables(manager, capacity, OwnedArrays.floats(manager, cos, shape),
                OwnedArrays.floats(manager, sin, shape), OwnedArrays.floats(manager, cosQ, shape),
                OwnedArrays.floats(manager, sinQ, shape));
        manager.cap();
        return tables;
    }

    /** HF's {@code inv_freq}: {@code theta^(-2j/hd)} for j in [0, hd/2), passed through the configured scaling. */
    static double[] inverseFrequencies(ModelConfig config) {
        int hd = config.headDim();
        double[] inv = new double[hd / 2];
        for (int j = 0; j < inv.length; j++) {
            inv[j] = config.ropeScaling().scale(Math.pow(config.ropeTheta(), -2.0 * j / hd));
        }
        return inv;
    }

    /** Positions this table covers: {@code [0, capacity)}. */
    int capacity() {
        return capacity;
    }

    @Override
    public void close() {
        manager.close();
    }
}
