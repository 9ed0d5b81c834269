package org.tagllm.knime.engine.config;

import java.util.List;
import java.util.OptionalInt;

/**
 * The architecture of one LLaMA-family decoder (LLaMA, Mistral, Qwen2), with Hugging Face's meaning for every field.
 * One decoder serves all three families: they differ only in these switches. Built with {@link #builder()}:
 *
 * <pre>{@code
 * ModelConfig c = ModelConfig.builder().setModelType("qwen2").setHiddenSize(32).setIntermediateSize(48)
 *         .setNumLayers(2).setNumHeads(4).setVocabSize(64).optNumKvHeads(1).optQkvBias(true).build();
 * }</pre>
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

    /** A configuration from Hugging Face's defaults; the {@code set…} values are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration, to change some of it. */
    public Builder toBuilder() {
        return new Builder().setModelType(modelType).setHiddenSize(hiddenSize).setIntermediateSize(intermediateSize)
                .setNumLayers(numLayers).setNumHeads(numHeads).optNumKvHeads(numKvHeads).optHeadDim(headDim)
                .setVocabSize(vocabSize).optMaxPositions(maxPositions).optRmsNormEps(rmsNormEps)
                .optRopeTheta(ropeTheta).optRopeScaling(ropeScaling).optTieWordEmbeddings(tieWordEmbeddings)
                .optQkvBias(qkvBias).optOutputBias(outputBias).optSlidingWindow(slidingWindow)
                .optBosTokenId(bosTokenId).optEosTokenIds(eosTokenIds);
    }

    /** A plain LLaMA configuration with the usual defaults; handy for tests and the benchmark. */
    public static ModelConfig llama(int hidden, int intermediate, int layers, int heads, int kvHeads, int vocab,
            int maxPositions, boolean tied) {
        return builder().setModelType("llama").setHiddenSize(hidden).setIntermediateSize(intermediate)
                .setNumLayers(layers).setNumHeads(heads).optNumKvHeads(kvHeads).setVocabSize(vocab)
                .optMaxPositions(maxPositions).optRmsNormEps(1e-5).optTieWordEmbeddings(tied).optBosTokenId(1)
                .optEosTokenIds(List.of(2)).build();
    }

    /** {@code max_position_embeddings} unless set: Hugging Face's default. */
    public static final int DEFAULT_MAX_POSITIONS = 2048;
    /** {@code rms_norm_eps} unless set: Hugging Face's default. */
    public static final double DEFAULT_RMS_NORM_EPS = 1e-6;
    /** {@code rope_theta} unless set: Hugging Face's default. */
    public static final double DEFAULT_ROPE_THETA = 10000.0;

    /**
     * Builds a {@link ModelConfig}. Required ({@code set…}): model type, hidden and intermediate size, layers, heads,
     * vocabulary. Optional ({@code opt…}), as Hugging Face reads an absent key: kv heads = heads, head dim = hidden /
     * heads, the {@code DEFAULT_…} constants above, no RoPE scaling, untied embeddings, no biases, no sliding window,
     * no BOS (-1) and no EOS ids.
     */
    public static final class Builder {

        private String modelType;
        private int hiddenSize;
        private int intermediateSize;
        private int numLayers;
        private int numHeads;
        private int numKvHeads;
        private int headDim;
        private int vocabSize;
        private int maxPositions = DEFAULT_MAX_POSITIONS;
        private double rmsNormEps = DEFAULT_RMS_NORM_EPS;
        private double ropeTheta = DEFAULT_ROPE_THETA;
        private RopeScaling ropeScaling = RopeScaling.NONE;
        private boolean tieWordEmbeddings;
        private boolean qkvBias;
        private boolean outputBias;
        private int slidingWindow;
        private int bosTokenId = -1;
        private List<Integer> eosTokenIds = List.of();

        private Builder() {}

        /** {@code llama}, {@code mistral} or {@code qwen2}; required. */
        public Builder setModelType(String modelType) {
            this.modelType = modelType;
            return this;
        }

        public Builder setHiddenSize(int hiddenSize) {
            this.hiddenSize = hiddenSize;
            return this;
        }

        public Builder setIntermediateSize(int intermediateSize) {
            this.intermediateSize = intermediateSize;
            return this;
        }

        public Builder setNumLayers(int numLayers) {
            this.numLayers = numLayers;
            return this;
        }

        public Builder setNumHeads(int numHeads) {
            this.numHeads = numHeads;
            return this;
        }

        /** Default: the number of query heads (no grouped-query attention). */
        public Builder optNumKvHeads(int numKvHeads) {
            this.numKvHeads = numKvHeads;
            return this;
        }

        /** Default: hidden size / heads. */
        public Builder optHeadDim(int headDim) {
            this.headDim = headDim;
            return this;
        }

        public Builder setVocabSize(int vocabSize) {
            this.vocabSize = vocabSize;
            return this;
        }

        public Builder optMaxPositions(int maxPositions) {
            this.maxPositions = maxPositions;
            return this;
        }

        public Builder optRmsNormEps(double rmsNormEps) {
            this.rmsNormEps = rmsNormEps;
            return this;
        }

        public Builder optRopeTheta(double ropeTheta) {
            this.ropeTheta = ropeTheta;
            return this;
        }

        public Builder optRopeScaling(RopeScaling ropeScaling) {
            this.ropeScaling = ropeScaling;
            return this;
        }

        public Builder optTieWordEmbeddings(boolean tie) {
            this.tieWordEmbeddings = tie;
            return this;
        }

        public Builder optQkvBias(boolean qkvBias) {
            this.qkvBias = qkvBias;
            return this;
        }

        public Builder optOutputBias(boolean outputBias) {
            this.outputBias = outputBias;
            return this;
        }

        /** Keys a query sees at most (Mistral); default 0 = off. */
        public Builder optSlidingWindow(int slidingWindow) {
            this.slidingWindow = slidingWindow;
            return this;
        }

        public Builder optBosTokenId(int bosTokenId) {
            this.bosTokenId = bosTokenId;
            return this;
        }

        public Builder optEosTokenIds(List<Integer> eosTokenIds) {
            this.eosTokenIds = eosTokenIds;
            return this;
        }

        /** The configuration; the required values must be set and positive, heads must group and halve evenly. */
        public ModelConfig build() {
            if (modelType == null) {
                throw new IllegalStateException("the model type is required: call setModelType");
            }
            required("hiddenSize", hiddenSize);
            required("intermediateSize", intermediateSize);
            required("numLayers", numLayers);
            required("numHeads", numHeads);
            required("vocabSize", vocabSize);
            return new ModelConfig(modelType, hiddenSize, intermediateSize, numLayers, numHeads,
                    numKvHeads == 0 ? numHeads : numKvHeads, headDim == 0 ? hiddenSize / numHeads : headDim,
                    vocabSize, maxPositions, rmsNormEps, ropeTheta, ropeScaling, tieWordEmbeddings, qkvBias,
                    outputBias, slidingWindow, bosTokenId, eosTokenIds);
        }

        private static void required(String name, int value) {
            if (value < 1) {
                throw new IllegalStateException(name + " is required and positive: call set"
                        + Character.toUpperCase(name.charAt(0)) + name.substring(1) + ", got " + value);
            }
        }
    }
}
