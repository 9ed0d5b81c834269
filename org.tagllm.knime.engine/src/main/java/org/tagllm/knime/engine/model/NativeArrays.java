package org.tagllm.knime.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Creates arrays whose memory belongs to libtorch, not to a Java buffer.
 *
 * <p>DJL 0.36's {@code NDManager.create(...)} wraps a direct {@link ByteBuffer} with {@code torch::from_blob}: the
 * tensor borrows the buffer, and the buffer lives only as long as the Java array object. Once that object is closed
 * or unreachable, a garbage collection frees the memory while libtorch may still read it (autograd keeps tensors for
 * backward; views share storage). This is why DJL's {@code mul(Number)} and friends yield wrong gradients after a GC.
 * Every array made here is a libtorch-owned copy ({@code clone}) or a libtorch-allocated constant, so it is safe to
 * keep, view and differentiate through for as long as its manager is open.
 */
final class NativeArrays {

    private NativeArrays() {}

    /** A libtorch-owned float32 copy of the buffer's remaining elements. */
    static NDArray floats(NDManager manager, FloatBuffer data, Shape shape) {
        ByteBuffer bytes = ByteBuffer.allocateDirect(Math.multiplyExact(data.remaining(), Float.BYTES))
                .order(ByteOrder.nativeOrder());
        bytes.asFloatBuffer().put(data.duplicate());
        try (NDArray borrowed = manager.create(bytes, shape, DataType.FLOAT32)) {
            return borrowed.duplicate();
        }
    }

    /** A libtorch-owned float32 copy of {@code data}. */
    static NDArray floats(NDManager manager, float[] data, Shape shape) {
        return floats(manager, FloatBuffer.wrap(data), shape);
    }

    /** A libtorch-allocated float32 scalar (0-d) holding {@code value}. */
    static NDArray scalar(NDManager manager, float value) {
        return manager.full(new Shape(), value, DataType.FLOAT32);
    }
}
