package org.tagllm.knime.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;

/**
 * The rotary factors of one forward call's positions, each [B or 1, T, 1, hd] so they broadcast over heads, and the
 * rotation itself: {@code x*cos + swapHalves(x)*sin} (the sign of HF's rotate_half sits in the sine table).
 */
final class Rotation {

    private final NDArray cos;
    private final NDArray sin;
    private final NDArray cosQuery;
    private final NDArray sinQuery;

    private Rotation(NDArray cos, NDArray sin, NDArray cosQuery, NDArray sinQuery) {
        this.cos = cos;
        this.sin = sin;
        this.cosQuery = cosQuery;
        this.sinQuery = sinQuery;
    }

    /** Looks up the factors of {@code positions} ([B or 1, T] int64, all below the tables' capacity). */
    static Rotation at(NDArray positions, RotaryTables tables) {
        return new Rotation(lookup(positions, tables.cos), lookup(positions, tables.sin),
                lookup(positions, tables.cosQuery), lookup(positions, tables.sinQuery));
    }

    /** Rotates keys, [B, T, K, hd]. */
    NDArray rotateKey(NDArray x) {
        return x.mul(cos).add(swapHalves(x).mul(sin));
    }

    /** Rotates queries, [B, T, H, hd], and scales them by 1/sqrt(hd). */
    NDArray rotateQuery(NDArray x) {
        return x.mul(cosQuery).add(swapHalves(x).mul(sinQuery));
    }

    /** [x1, x2] -> [x2, x1] along the last axis (halves of hd). */
    private static NDArray swapHalves(NDArray x) {
        Shape s = x.getShape();
        long hd = s.get(3);
        return x.reshape(s.get(0), s.get(1), s.get(2), 2, hd / 2).flip(3).reshape(s);
    }

    /** Rows of {@code table} at {@code positions}, [B, T, 1, hd]; the result belongs to the positions' manager. */
    private static NDArray lookup(NDArray positions, NDArray table) {
        return positions.getNDArrayInternal().embedding(positions, table, SparseFormat.DENSE).singletonOrThrow()
                .expandDims(2);
    }
}
