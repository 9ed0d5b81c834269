package org.tagllm.knime.engine.model;

import java.util.List;
import org.tagllm.knime.engine.config.ModelConfig;
import org.tagllm.knime.engine.config.RopeScaling;

/** Tiny configurations of each supported family, small enough that a forward pass takes milliseconds. */
enum TestModels {
    /** LLaMA with grouped-query attention (K < H), untied LM head. */
    LLAMA_GQA(llama(32, 48, 4, 2, 61).build()),
    /** LLaMA with the LM head tied to the embeddings, plain multi-head attention. */
    LLAMA_TIED(llama(24, 40, 3, 3, 50).optTieWordEmbeddings(true).build()),
    /** LLaMA with linear RoPE scaling (position interpolation). */
    LLAMA_LINEAR_ROPE(llama(32, 48, 4, 2, 61).optRopeTheta(500.0).optRopeScaling(new RopeScaling.Linear(2.5))
            .build()),
    /** LLaMA 3 RoPE scaling; with hd = 8 and these factors the four frequencies fall in all three bands. */
    LLAMA3_ROPE(llama(32, 48, 4, 2, 61).optRopeScaling(new RopeScaling.Llama3(8, 1, 4, 64)).build()),
    /** Mistral: sliding window 5 (shorter than the test sequences), GQA, head dim 12 != hidden / heads. */
    MISTRAL_WINDOW(llama(32, 48, 4, 2, 57).setModelType("mistral").optHeadDim(12).optSlidingWindow(5).build()),
    /** Qwen2: q/k/v biases, a single kv head, tied embeddings, large rope theta. */
    QWEN2_BIAS(ModelConfig.builder().setModelType("qwen2").setHiddenSize(32).setIntermediateSize(48).setNumLayers(2)
            .setNumHeads(4).optNumKvHeads(1).setVocabSize(64).optMaxPositions(64).optRmsNormEps(1e-6)
            .optRopeTheta(1000000.0).optTieWordEmbeddings(true).optQkvBias(true).optEosTokenIds(List.of(3)).build()),
    /** LLaMA's attention_bias: biases on q, k, v and o. */
    LLAMA_ATTENTION_BIAS(llama(32, 48, 4, 4, 61).optQkvBias(true).optOutputBias(true).build());

    final ModelConfig config;

    TestModels(ModelConfig config) {
        this.config = config;
    }

    /** Two LLaMA layers over 64 positions, RMSNorm epsilon 1e-5, BOS 1 and EOS 2; head dim hidden / heads. */
    private static ModelConfig.Builder llama(int hidden, int intermediate, int heads, int kvHeads, int vocab) {
        return ModelConfig.builder().setModelType("llama").setHiddenSize(hidden).setIntermediateSize(intermediate)
                .setNumLayers(2).setNumHeads(heads).optNumKvHeads(kvHeads).setVocabSize(vocab).optMaxPositions(64)
                .optRmsNormEps(1e-5).optBosTokenId(1).optEosTokenIds(List.of(2));
    }
}
