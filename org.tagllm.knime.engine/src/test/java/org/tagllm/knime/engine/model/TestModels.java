package org.tagllm.knime.engine.model;

import java.util.List;
import org.tagllm.knime.engine.config.ModelConfig;
import org.tagllm.knime.engine.config.RopeScaling;

/** Tiny configurations of each supported family, small enough that a forward pass takes milliseconds. */
enum TestModels {
    /** LLaMA with grouped-query attention (K < H), untied LM head. */
    LLAMA_GQA(new ModelConfig("llama", 32, 48, 2, 4, 2, 8, 61, 64, 1e-5, 10000.0, RopeScaling.NONE, false, false,
            false, 0, 1, List.of(2))),
    /** LLaMA with the LM head tied to the embeddings, plain multi-head attention. */
    LLAMA_TIED(new ModelConfig("llama", 24, 40, 2, 3, 3, 8, 50, 64, 1e-5, 10000.0, RopeScaling.NONE, true, false,
            false, 0, 1, List.of(2))),
    /** LLaMA with linear RoPE scaling (position interpolation). */
    LLAMA_LINEAR_ROPE(new ModelConfig("llama", 32, 48, 2, 4, 2, 8, 61, 64, 1e-5, 500.0,
            new RopeScaling.Linear(2.5), false, false, false, 0, 1, List.of(2))),
    /** LLaMA 3 RoPE scaling; with hd = 8 and these factors the four frequencies fall in all three bands. */
    LLAMA3_ROPE(new ModelConfig("llama", 32, 48, 2, 4, 2, 8, 61, 64, 1e-5, 10000.0,
            new RopeScaling.Llama3(8, 1, 4, 64), false, false, false, 0, 1, List.of(2))),
    /** Mistral: sliding window 5 (shorter than the test sequences), GQA, head dim 12 != hidden / heads. */
    MISTRAL_WINDOW(new ModelConfig("mistral", 32, 48, 2, 4, 2, 12, 57, 64, 1e-5, 10000.0, RopeScaling.NONE, false,
            false, false, 5, 1, List.of(2))),
    /** Qwen2: q/k/v biases, a single kv head, tied embeddings, large rope theta. */
    QWEN2_BIAS(new ModelConfig("qwen2", 32, 48, 2, 4, 1, 8, 64, 64, 1e-6, 1000000.0, RopeScaling.NONE, true, true,
            false, 0, -1, List.of(3))),
    /** LLaMA's attention_bias: biases on q, k, v and o. */
    LLAMA_ATTENTION_BIAS(new ModelConfig("llama", 32, 48, 2, 4, 4, 8, 61, 64, 1e-5, 10000.0, RopeScaling.NONE,
            false, true, true, 0, 1, List.of(2)));

    final ModelConfig config;

    TestModels(ModelConfig config) {
        this.config = config;
    }
}
