package org.tagllm.knime.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Where the tokens of one forward call sit: their rotary positions and which of the S = past + T keys are real
 * tokens. All arrays belong to the call's manager.
 *
 * @param batch       B
 * @param past        tokens already in the cache
 * @param steps       T, tokens in this call
 * @param positions   [B or 1, T] int64
 * @param maxPosition largest position in {@code positions} (or an upper bound of it)
 * @param keyMask     [B, S] boolean, true = real token; null when every key is real
 * @param realCount   [B, 1] int64 real tokens per row after this call; null when there is no cache or no padding
 */
record TokenLayout(
        long batch, int past, int steps, NDArray positions, long maxPosition, NDArray keyMask, NDArray realCount) {

    /**
     * Lays out a call of {@code steps} tokens per row after what {@code cache} (may be null) holds.
     *
     * @param positions   caller's positions or null for the default
     * @param paddingMask caller's [B, T] mask (1 = real) or null
     */
    static TokenLayout of(NDManager call, KvCache cache, NDArray positions, NDArray paddingMask, long batch,
            int steps, int maxPositions) {
        int past = cache == null ? 0 : cache.length();
        if (cache != null && !cache.isEmpty() && cache.batchSize() != batch) {
            throw new IllegalArgumentException("the cache holds " + cache.batchSize() + " rows but the input has "
                    + batch);
        }
        Shape expected = new Shape(batch, steps);
        NDArray current = null;
        if (paddingMask != null) {
            if (!paddingMask.getShape().equals(expected)) {
                throw new IllegalArgumentException("padding mask must have shape " + expected + ", got "
                        + paddingMask.getShape());
            }
            current = paddingMask.toType(DataType.BOOLEAN, true);
        }
        boolean padded = current != null || (cache != null && cache.keyMask() != null);

        // Default positions: count of real tokens before each token in its row.
        NDArray defaults;
        NDArray keyMask = null;
        NDArray realCount = null;
        if (!padded) {
            defaults = call.arange(past, past + steps, 1, DataType.INT64).reshape(1, steps);
        } else {
            if (current == null) {
                current = call.ones(expected, DataType.BOOLEAN);
            }
            keyMask = current;
            NDArray before = null; // [B, 1] real tokens already cached
            if (past > 0) {
                NDArray cachedMask = cache.keyMask() != null ? cache.keyMask()
                        : call.ones(new Shape(batch, past), DataType.BOOLEAN);
                keyMask = cachedMask.concat(current, 1);
                before = cache.realCount() != null ? cache.realCount()
                        : call.full(new Shape(batch, 1), past, DataType.INT64);
                // Results of operations on the cache's arrays attach to the cache's manager: move them here.
                keyMask.attach(call);
            }
            NDArray real = current.toType(DataType.INT64, false);
            NDArray exclusiveCount = real.cumSum(1).sub(real);
            defaults = before == null ? exclusiveCount : exclusiveCount.add(before);
            if (cache != null) {
                NDArray added = real.sum(new int[] {1}, true);
                realCount = before == null ? added : added.add(before);
            }
        }

        if (positions == null) {
            long bound = past + steps - 1L;
            if (bound >= maxPositions && padded) {
                bound = defaults.max().toLongArray()[0];
            }
            checkRange(bound, 0, maxPositions);
            return new TokenLayout(batch, past, steps, defaults, bound, keyMask, realCount);
        }
        Shape ps = positions.getShape();
        if (ps.dimension() != 2 || ps.get(1) != steps || (ps.get(0) != batch && ps.get(0) != 1)) {
            throw new IllegalArgumentException("positions must have shape " + expected + " or (1, " + steps
                    + "), got " + ps);
        }
        NDArray p = positions.toType(DataType.INT64, false);
        long max = p.max().toLongArray()[0];
        long min = p.min().toLongArray()[0];
        checkRange(max, min, maxPositions);
        return new TokenLayout(batch, past, steps, p, max, keyMask, realCount);
    }

    private static void checkRange(long max, long min, int maxPositions) {
        if (min < 0) {
            throw new IllegalArgumentException("positions must not be negative, got " + min);
        }
        if (max >= maxPositions) {
            throw new IllegalArgumentException("position " + max + " is beyond the model's "
                    + maxPositions + " positions (max_position_embeddings)");
        }
    }
}
