package org.tagllm.knime.engine.tensor;

import java.util.Arrays;

/**
 * An immutable float32 tensor held on the heap, outside libtorch: values in row-major order and the shape, outermost
 * first. This is how tags, heads, trainable arrays and optimizer state leave and enter the engine (tag banks and
 * training checkpoints store them). Both arrays are copied in and out, so nobody can change a tensor behind its
 * holder's back. A tensor carries no name: whoever holds several keys them by name (a map key or a parameter).
 * Equality compares the raw bits of every value, so {@code 0.0f} and {@code -0.0f} differ.
 *
 * @param values row-major elements; their count is the product of {@code shape}
 * @param shape  dimensions, none negative, e.g. {@code [p, d]} for a tag; empty for a scalar
 */
public record FloatTensor(float[] values, long[] shape) {

    public FloatTensor {
        shape = shape.clone();
        values = values.clone();
        long count = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            count = Math.multiplyExact(count, d);
        }
        if (count != values.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + count
                    + " elements but " + values.length + " values were given");
        }
    }

    /** A {@code [rows, columns]} matrix, e.g. a tag's p vectors of width d. */
    public static FloatTensor matrix(int rows, int columns, float... values) {
        return new FloatTensor(values, new long[] {rows, columns});
    }

    /** A one-dimensional tensor, e.g. a head's bias. */
    public static FloatTensor vector(float... values) {
        return new FloatTensor(values, new long[] {values.length});
    }

    /** A copy of the values. */
    @Override
    public float[] values() {
        return values.clone();
    }

    /** A copy of the shape. */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of elements. */
    public int elementCount() {
        return values.length;
    }

    /** Element {@code i} in row-major order. */
    public float value(int i) {
        return values[i];
    }

    /** True when the shape is exactly {@code expected}. */
    public boolean hasShape(long... expected) {
        return Arrays.equals(shape, expected);
    }

    /** True when {@code other} has the same shape. */
    public boolean sameShape(FloatTensor other) {
        return Arrays.equals(shape, other.shape);
    }

    /**
     * Checks that the shape is exactly {@code expected}.
     *
     * @param name the tensor's name, for the message
     * @throws IllegalArgumentException {@code "<name>: expected shape [..], got [..]"} when it is not
     */
    public void requireShape(String name, long... expected) {
        if (!Arrays.equals(shape, expected)) {
            throw new IllegalArgumentException(name + ": expected shape " + Arrays.toString(expected) + ", got "
                    + Arrays.toString(shape));
        }
    }

    /**
     * Checks that every dimension is positive (a tag or a head has no empty dimension).
     *
     * @param name the tensor's name, for the message
     * @throws IllegalArgumentException {@code "<name>: dimensions must be positive, got [..]"} when one is not
     */
    public void requirePositiveDimensions(String name) {
        for (long d : shape) {
            if (d <= 0) {
                throw new IllegalArgumentException(name + ": dimensions must be positive, got "
                        + Arrays.toString(shape));
            }
        }
    }

    /** The index of the first NaN or infinite value, or -1 when all are finite. */
    public int firstNonFinite() {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FloatTensor t) || !Arrays.equals(shape, t.shape)) {
            return false;
        }
        for (int i = 0; i < values.length; i++) {
            if (Float.floatToRawIntBits(values[i]) != Float.floatToRawIntBits(t.values[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "FloatTensor" + Arrays.toString(shape);
    }
}
