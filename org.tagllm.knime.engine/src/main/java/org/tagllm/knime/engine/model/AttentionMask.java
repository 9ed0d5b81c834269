package org.tagllm.knime.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * The additive attention mask of one forward call, [B or 1, 1, T, S]: 0 where a query may see a key, a large finite
 * negative ({@link LlamaDecoder#MASKED}) where not. Query i (cache index past + i) sees key j when j <= past + i
 * (causal), j > past + i - window (sliding window, when configured) and key j is a real token (padding). Like
 * Hugging Face, causality and the window are counted in token slots, not positions; for the real tokens of a padded
 * row the two agree because a row's real tokens are contiguous.
 */
final class AttentionMask {

    private AttentionMask() {}

    /**
     * The mask, plus the caller's {@code extra} mask when given; null when nothing is masked.
     *
     * @param masked long-lived float32 scalar holding {@link LlamaDecoder#MASKED}
     */
    static NDArray additive(NDManager call, TokenLayout layout, int window, NDArray extra, NDArray masked) {
        int past = layout.past();
        int steps = layout.steps();
        int total = past + steps;
        boolean causalCuts = steps > 1;
        boolean windowCuts = window > 0 && total - 1 >= window;
        if (!causalCuts && !windowCuts && layout.keyMask() == null) {
            return extra;
        }
        NDArray query = call.arange(past, total, 1, DataType.INT64).reshape(steps, 1);
        NDArray allowed = call.arange(0, total, 1, DataType.INT64).reshape(1, total).lte(query);
        if (windowCuts) {
            // key > query - window, written as key + window > query
            NDArray shiftedKey = call.arange(window, total + window, 1, DataType.INT64).reshape(1, total);
            allowed = allowed.logicalAnd(shiftedKey.gt(query));
        }
        allowed = allowed.reshape(1, 1, steps, total);
        if (layout.keyMask() != null) {
            allowed = allowed.logicalAnd(layout.keyMask().reshape(layout.batch(), 1, 1, total));
        }
        NDArray additive = allowed.logicalNot().toType(DataType.FLOAT32, false).mul(masked);
        return extra == null ? additive : additive.add(extra);
    }
}
