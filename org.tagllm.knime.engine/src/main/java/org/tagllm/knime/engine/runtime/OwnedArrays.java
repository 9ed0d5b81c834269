package org.tagllm.knime.engine.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Creates arrays whose memory belongs to libtorch, not to a Java buffer, and copies into arrays in place without
 * borrowing Java memory. Everything the engine builds from Java data goes through here.
 *
 * <p>DJL 0.36's {@code NDManager.create(...)} wraps a direct {@link ByteBuffer} with {@code torch::from_blob}: the
 * tensor borrows the buffer, and the buffer lives only as long as the Java array object. Once that object is closed
 * or unreachable, a garbage collection frees the memory while libtorch may still read it (autograd keeps tensors for
 * backward; views share storage). This is why DJL's {@code mul(Number)} and friends yield wrong gradients after a GC.
 * Likewise {@code NDArray.set(Buffer)} makes the array borrow the buffer instead of copying it.
 * Every array made here is a libtorch-owned copy ({@code duplicate()}, which is torch's {@code clone()}) or a
 * libtorch-allocated constant, so it is safe to keep, view and differentiate through for as long as its manager is
 * open.
 */
public final class OwnedArrays {

    private static final NDIndex ALL = new NDIndex("...");

    private OwnedArrays() {}

    /** A libtorch-owned float32 copy of the buffer's remaining elements; the buffer's position is left alone. */
    public static NDArray floats(NDManager manager, FloatBuffer data, Shape shape) {
        ByteBuffer bytes = ByteBuffer.allocateDirect(Math.multiplyExact(data.remaining(), Float.BYTES))
                .order(ByteOrder.nativeOrder());
        bytes.asFloatBuffer().put(data.duplicate());
        try (NDArray borrowed = manager.create(bytes, shape, DataType.FLOAT32)) {
            return borrowed.duplicate(); // PtNDArray.duplicate is torch's clone(): libtorch-allocated
        }
    }

    /** A libtorch-owned float32 copy of {@code data}. */
    public static NDArray floats(NDManager manager, float[] data, Shape shape) {
        return floats(manager, FloatBuffer.wrap(data), shape);
    }

    /** A libtorch-owned int64 copy of {@code data}. */
    public static NDArray longs(NDManager manager, long[] data, Shape shape) {
        try (NDArray borrowed = manager.create(data, shape)) {
            return borrowed.duplicate();
        }
    }

    /** A libtorch-allocated float32 scalar (0-d) holding {@code value}. */
    public static NDArray scalar(NDManager manager, float value) {
        return manager.full(new Shape(), value, DataType.FLOAT32);
    }

    /**
     * Overwrites {@code target}'s elements with {@code source}'s, in place (torch's {@code index_put_} over the whole
     * array): every view and every holder of {@code target} sees the new values, NaN and infinity included. Call it
     * with gradient recording off when {@code target} requires a gradient.
     */
    public static void copyInto(NDArray target, NDArray source) {
        if (!target.getShape().equals(source.getShape())) {
            throw new IllegalArgumentException("cannot copy an array of shape " + source.getShape()
                    + " into one of shape " + target.getShape());
        }
        target.set(ALL, source);
    }

    /** Overwrites {@code target} in place with a libtorch-owned copy of {@code data}. */
    public static void copyInto(NDArray target, float[] data) {
        try (NDManager scratch = target.getManager().newSubManager();
                NDArray source = floats(scratch, data, target.getShape())) {
            copyInto(target, source);
        }
    }
}
