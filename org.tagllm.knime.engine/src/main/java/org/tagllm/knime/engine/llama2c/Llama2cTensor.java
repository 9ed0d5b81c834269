package org.tagllm.knime.engine.llama2c;

/**
 * The float32 tensors of a llama2.c legacy checkpoint, in file order. Per-layer tensors are stored layer after layer
 * ({@code [n_layers, ...]}); each shape below is that of one layer, rows first, as PyTorch's {@code Linear.weight}
 * ({@code [out, in]}).
 */
public enum Llama2cTensor {
    TOKEN_EMBEDDING,
    ATTENTION_NORM,
    WQ,
    WK,
    WV,
    WO,
    FFN_NORM,
    W1,
    W2,
    W3,
    FINAL_NORM,
    /** Precomputed RoPE cosines; unused (the decoder computes its own), but part of the layout. */
    ROPE_COS,
    /** Precomputed RoPE sines; unused, like {@link #ROPE_COS}. */
    ROPE_SIN,
    /** Present only when the vocabulary size in the header is negative. */
    CLASSIFIER;

    /** How many times the tensor repeats: once per layer, or once. */
    public int layers(Llama2cHeader h) {
        return switch (this) {
            case ATTENTION_NORM, WQ, WK, WV, WO, FFN_NORM, W1, W2, W3 -> h.numLayers();
            default -> 1;
        };
    }

    /** Shape of one layer's slice. */
    public long[] shape(Llama2cHeader h) {
        long dim = h.dim();
        long hidden = h.hiddenDim();
        long kv = h.kvDim();
        return switch (this) {
            case TOKEN_EMBEDDING, CLASSIFIER -> new long[] {h.vocabSize(), dim};
            case ATTENTION_NORM, FFN_NORM, FINAL_NORM -> new long[] {dim};
            case WQ, WO -> new long[] {dim, dim};
            case WK, WV -> new long[] {kv, dim};
            case W1, W3 -> new long[] {hidden, dim};
            case W2 -> new long[] {dim, hidden};
            case ROPE_COS, ROPE_SIN -> new long[] {h.seqLen(), h.headSize() / 2};
        };
    }

    /** Elements in one layer's slice. */
    public long elementsPerLayer(Llama2cHeader h) {
        long n = 1;
        for (long d : shape(h)) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }
}
