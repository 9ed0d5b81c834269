package org.tagllm.knime.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Arrays whose memory belongs to libtorch, and in-place copies that do not borrow Java memory. The same rules as the
 * decoder's {@code model.NativeArrays} (package-private there): DJL 0.36's {@code manager.create(javaData)} and the
 * {@code Number} overloads wrap Java buffers that a garbage collection may free while libtorch still reads them, and
 * {@code NDArray.set(Buffer)} makes the array borrow the buffer instead of copying it.
 */
final class OwnedArrays {

    private static final NDIndex ALL = new NDIndex("...");

    private OwnedArrays() {}

    /** A libtorch-owned float32 copy of {@code data}. */
    static NDArray floats(NDManager manager, float[] data, Shape shape) {
        ByteBuffer bytes = ByteBuffer.allocateDirect(Math.multiplyExact(data.length, Float.BYTES))
                .order(ByteOrder.nativeOrder());
        bytes.asFloatBuffer().put(FloatBuffer.wrap(data));
        try (NDArray borrowed = manager.create(bytes, shape, DataType.FLOAT32)) {
            return borrowed.duplicate(); // PtNDArray.duplicate is torch's clone(): libtorch-allocated
        }
    }

    /** A libtorch-allocated float32 scalar (0-d) holding {@code value}. */
    static NDArray scalar(NDManager manager, float value) {
        return manager.full(new Shape(), value, DataType.FLOAT32);
    }

    /**
     * Overwrites {@code target}'s elements with {@code source}'s, in place (torch's {@code index_put_} over the whole
     * array): every view and every holder of {@code target} sees the new values, NaN and infinity included. Call it
     * with gradient recording off when {@code target} requires a gradient.
     */
    static void copyInto(NDArray target, NDArray source) {
        if (!target.getShape().equals(source.getShape())) {
            throw new IllegalArgumentException("cannot copy an array of shape " + source.getShape()
                    + " into one of shape " + target.getShape());
        }
        target.set(ALL, source);
    }

    /** Overwrites {@code target} in place with a libtorch-owned copy of {@code data}. */
    static void copyInto(NDArray target, float[] data) {
        try (NDManager scratch = target.getManager().newSubManager();
                NDArray source = floats(scratch, data, target.getShape())) {
            copyInto(target, source);
        }
    }
}
