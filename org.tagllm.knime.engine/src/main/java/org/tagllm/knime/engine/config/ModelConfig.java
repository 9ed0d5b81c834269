package org.tagllm.knime.engine.config;

import java.util.List;
import java.util.OptionalInt;

/**
 * The architecture of one LLaMA-family decoder (LLaMA, Mistral, Qwen2), with Hugging Face's meaning for every field.
 * One decoder serves all three families: they differ only in these switches.
 *
 * @param modelType             {@code llama}, {@code mistral} or {@code qwen2}
 * @param hiddenSize            model width d
 * @param intermediateSize      SwiGLU hidden width
 * @param numLayers             decoder blocks
 * @param numHeads              query heads
 * @param numKvHeads            key/value heads (grouped-query attention when fewer than numHeads)
 * @param headDim               width of one head (usually hiddenSize / numHeads, explicit in some models)
 * @param vocabSize             rows of the embedding and of the LM head
 * @param maxPositions          longest sequence the model was trained for
 * @param rmsNormEps            RMSNorm epsilon
 * @param ropeTheta             RoPE base
 * @param ropeScaling           long-context rescaling of RoPE frequencies
 * @param tieWordEmbeddings     LM head shares the embedding matrix
 * @param qkvBias               q, k and v projections carry a bias (Qwen2; LLaMA's attention_bias)
 * @param outputBias            the attention output projection carries a bias (LLaMA's attention_bias)
 * @param slidingWindow         each query sees at most this many most recent keys, itself included (Mistral); 0 = off
 * @param bosTokenId            beginning-of-sequence id, -1 when the model has none
 * @param eosTokenIds           end-of-sequence ids (LLaMA 3 has several)
 */
public record ModelConfig(
        String modelType,
        int hiddenSize,
        int intermediateSize,
        int numLayers,
        int numHeads,
        int numKvHeads,
        int headDim,
        int vocabSize,
        int maxPositions,
        double rmsNormEps,
        double ropeTheta,
        RopeScaling ropeScaling,
        boolean tieWordEmbeddings,
        boolean qkvBias,
        boolean outputBias,
        int slidingWindow,
        int bosTokenId,
        List<Integer> eosTokenIds) {

    public ModelConfig {
        eosTokenIds = List.copyOf(eosTokenIds);
        if (numHeads % numKvHeads != 0) {
            throw new IllegalArgumentException("num_attention_heads (" + numHeads
                    + ") must be a multiple of num_key_value_heads (" + numKvHeads + ")");
        }
        if (headDim % 2 != 0) {
            throw new IllegalArgumentException("head_dim must be even for rotary embeddings, got " + headDim);
        }
    }

    /** Query heads that share one key/value head. */
    public int groupSize() {
        return numHeads / numKvHeads;
    }

    public OptionalInt slidingWindowSize() {
        return slidingWindow > 0 ? OptionalInt.of(slidingWindow) : OptionalInt.empty();
    }

    /** Number of parameters of the weights this configuration implies (embeddings counted once when tied). */
    public long parameterCount() {
        long d = hiddenSize;
        long q = (long) numHeads * headDim;
        long kv = (long) numKvHeads * headDim;
        long attention = d * q + 2 * d * kv + q * d + (qkvBias ? q + 2 * kv : 0) + (outputBias ? d : 0);
        long mlp = 3 * d * intermediateSize;
        long perLayer = attention + mlp + 2 * d;
        long embed = (long) vocabSize * d;
        return embed + (tieWordEmbeddings ? 0 : embed) + numLayers * perLayer + d;
    }

    /** A plain LLaMA configuration with the usual defaults; handy for tests and the benchmark. */
    public static ModelConfig llama(int hidden, int intermediate, int layers, int heads, int kvHeads, int vocab,
            int maxPositions, boolean tied) {
        return new ModelConfig("llama", hidden, intermediate, layers, heads, kvHeads, hidden / heads, vocab,
                maxPositions, 1e-5, 10000.0, RopeScaling.NONE, tied, false, false, 0, 1, List.of(2));
    }
}
