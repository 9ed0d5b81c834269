package org.tagllm.knime.engine.tags;

import java.util.Arrays;

/**
 * A named float32 tensor as plain Java data, row-major: how tags and heads leave and enter the engine (tag banks
 * store them). Names: {@code tag.<Name>} [p, d], {@code head.<Tag>.weight}, {@code head.<Tag>.bias}.
 *
 * @param name  tensor name
 * @param shape dimensions, each positive
 * @param data  the values, as many as the shape's product
 */
public record TensorData(String name, long[] shape, float[] data) {

    public TensorData {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a tensor needs a name");
        }
        long n = 1;
        for (long s : shape) {
            if (s <= 0) {
                throw new IllegalArgumentException(name + ": dimensions must be positive, got "
                        + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, s);
        }
        if (n != data.length) {
            throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " holds " + n
                    + " values but " + data.length + " were given");
        }
        shape = shape.clone();
        data = data.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public float[] data() {
        return data.clone();
    }

    /** Checks that the shape is exactly {@code expected}. */
    void requireShape(long... expected) {
        if (!Arrays.equals(shape, expected)) {
            throw new IllegalArgumentException(name + ": expected shape " + Arrays.toString(expected) + ", got "
                    + Arrays.toString(shape));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorData t && name.equals(t.name) && Arrays.equals(shape, t.shape)
                && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
