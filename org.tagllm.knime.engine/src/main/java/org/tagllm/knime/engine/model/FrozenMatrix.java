package org.tagllm.knime.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** A frozen weight matrix [rows, cols] as the decoder keeps it: resident float32, or 16-bit widened on use. */
sealed interface FrozenMatrix permits FrozenMatrix.Resident, HalfMatrix {

    /** The float32 matrix for one use: a resident array itself, or a half matrix widened into {@code scope}. */
    NDArray widen(NDManager scope);

    /** Bytes this matrix holds while loaded (libtorch memory or mapped file pages). */
    long bytes();

    /** A float32 array in libtorch memory, used as it is. */
    record Resident(NDArray array) implements FrozenMatrix {
        @Override
        public NDArray widen(NDManager scope) {
            return array;
        }

        @Override
        public long bytes() {
            return array.size() * Float.BYTES;
        }
    }
}
