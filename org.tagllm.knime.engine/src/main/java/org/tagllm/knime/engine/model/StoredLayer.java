package org.tagllm.knime.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * One decoder block's weights as loaded: the projections as {@link FrozenMatrix} (resident or half), norms and biases
 * as resident float32 arrays (small: a few vectors of width d). Shapes as in {@link LayerWeights}.
 */
record StoredLayer(
        NDArray inputNorm,
        FrozenMatrix q,
        FrozenMatrix k,
        FrozenMatrix v,
        NDArray qBias,
        NDArray kBias,
        NDArray vBias,
        FrozenMatrix o,
        NDArray oBias,
        NDArray postNorm,
        FrozenMatrix gate,
        FrozenMatrix up,
        FrozenMatrix down) {

    /** Float32 weights for one forward pass; half matrices are widened into {@code scope}. */
    LayerWeights in(NDManager scope) {
        return new LayerWeights(inputNorm, q.widen(scope), k.widen(scope), v.widen(scope), qBias, kBias, vBias,
                o.widen(scope), oBias, postNorm, gate.widen(scope), up.widen(scope), down.widen(scope));
    }

    /** The resident arrays, or null when a projection is kept at half precision. */
    LayerWeights resident() {
        for (FrozenMatrix m : new FrozenMatrix[] {q, k, v, o, gate, up, down}) {
            if (!(m instanceof FrozenMatrix.Resident)) {
                return null;
            }
        }
        return in(null);
    }

    long bytes() {
        long n = q.bytes() + k.bytes() + v.bytes() + o.bytes() + gate.bytes() + up.bytes() + down.bytes();
        for (NDArray a : new NDArray[] {inputNorm, qBias, kBias, vBias, oBias, postNorm}) {
            n += a == null ? 0 : a.size() * Float.BYTES;
        }
        return n;
    }
}
