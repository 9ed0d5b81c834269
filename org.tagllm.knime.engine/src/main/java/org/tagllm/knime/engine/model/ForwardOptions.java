package org.tagllm.knime.engine.model;

import ai.djl.ndarray.NDArray;

/**
 * What a {@link LlamaDecoder#forward} call needs besides the input embeddings. B = batch, T = tokens in this call,
 * H = query heads, S = cached tokens + T. Every field is optional; start from {@link #defaults()}.
 *
 * @param positions     [B, T] (or [1, T]) int64 rotary positions. Default: each token's count of real (non-pad)
 *                      tokens before it in its row, cached ones included; without padding this is
 *                      {@code cacheLength + 0..T-1}.
 * @param paddingMask   [B, T], 1 = real token, 0 = padding (left or right); pad keys are never attended to.
 *                      Default: all real.
 * @param additiveMask  float32, broadcastable to [B, H, T, S], added to the attention scores on top of the causal,
 *                      sliding-window and padding mask (e.g. to isolate segments). Use {@link LlamaDecoder#MASKED}
 *                      rather than -infinity for blocked pairs.
 * @param cache         keys and values of earlier calls, extended by this call; null for a stateless forward
 * @param computeLogits false returns only the hidden states, which saves the [B, T, V] LM-head product
 */
public record ForwardOptions(
        NDArray positions, NDArray paddingMask, NDArray additiveMask, KvCache cache, boolean computeLogits) {

    private static final ForwardOptions DEFAULTS = new ForwardOptions(null, null, null, null, true);

    /** No padding, default positions, no cache, logits computed. */
    public static ForwardOptions defaults() {
        return DEFAULTS;
    }

    public ForwardOptions withPositions(NDArray newPositions) {
        return new ForwardOptions(newPositions, paddingMask, additiveMask, cache, computeLogits);
    }

    public ForwardOptions withPaddingMask(NDArray newPaddingMask) {
        return new ForwardOptions(positions, newPaddingMask, additiveMask, cache, computeLogits);
    }

    public ForwardOptions withAdditiveMask(NDArray newAdditiveMask) {
        return new ForwardOptions(positions, paddingMask, newAdditiveMask, cache, computeLogits);
    }

    public ForwardOptions withCache(KvCache newCache) {
        return new ForwardOptions(positions, paddingMask, additiveMask, newCache, computeLogits);
    }

    /** Hidden states only, no logits. */
    public ForwardOptions hiddenOnly() {
        return new ForwardOptions(positions, paddingMask, additiveMask, cache, false);
    }
}
