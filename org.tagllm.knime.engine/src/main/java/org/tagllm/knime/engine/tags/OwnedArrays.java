package org.tagllm.knime.engine.tags;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Arrays from Java data whose memory belongs to libtorch. DJL 0.36's {@code manager.create(javaArray)} only borrows
 * a direct buffer that a GC may free while autograd or a view still reads it (see the decoder's
 * {@code NativeArrays}); a {@code duplicate()} is a libtorch-owned clone, safe for as long as its manager is open.
 * Everything this package builds from Java data goes through here.
 */
final class OwnedArrays {

    private OwnedArrays() {}

    static NDArray floats(NDManager manager, float[] data, Shape shape) {
        try (NDArray borrowed = manager.create(data, shape)) {
            return borrowed.duplicate();
        }
    }

    static NDArray longs(NDManager manager, long[] data, Shape shape) {
        try (NDArray borrowed = manager.create(data, shape)) {
            return borrowed.duplicate();
        }
    }
}
