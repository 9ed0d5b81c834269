package org.tagllm.knime.engine.train;

import java.util.Arrays;

/**
 * The values of one float32 tensor, outside libtorch: a shape (outermost first) and its elements in row-major order.
 * This is how trainable arrays and optimizer state travel to checkpoints and tag banks. Immutable: the arrays are
 * copied on the way in and out.
 *
 * @param shape  dimensions, none negative; empty for a scalar
 * @param values {@code product(shape)} elements
 */
public record TensorData(long[] shape, float[] values) {

    public TensorData {
        shape = shape.clone();
        long count = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has a negative dimension");
            }
            count = Math.multiplyExact(count, d);
        }
        if (count != values.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + count
                    + " elements but " + values.length + " values were given");
        }
        values = values.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public float[] values() {
        return values.clone();
    }

    /** Number of elements. */
    public int size() {
        return values.length;
    }

    /** Element {@code i} in row-major order. */
    public float value(int i) {
        return values[i];
    }

    /** True when {@code other} has the same shape. */
    public boolean sameShape(TensorData other) {
        return Arrays.equals(shape, other.shape);
    }

    /** Equal shapes and equal float bits (so +0 and -0 differ; all NaNs are equal, as in {@code Arrays.equals}). */
    @Override
    public boolean equals(Object o) {
        return o instanceof TensorData t && Arrays.equals(shape, t.shape) && Arrays.equals(values, t.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "TensorData" + Arrays.toString(shape);
    }
}
