package org.tagllm.knime.engine.synthetic;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tagllm.knime.engine.config.ModelConfig;
import org.tagllm.knime.engine.config.RopeScaling;

/**
 * The architectures users bring, with the values of their published {@code config.json} files (Hugging Face hub,
 * base models). Keys our decoder does not read but the original file has are kept in {@link #extraConfig()} so a
 * written folder looks like the original (e.g. Qwen2.5's unused sliding window).
 */
public enum ModelFamily {

    /** Qwen/Qwen2.5-0.5B: q/k/v biases, tied head, 2 kv heads. */
    QWEN2_5_0_5B("qwen2.5-0.5b", base("qwen2", 896, 4864, 24, 14, 2, 151936).optMaxPositions(32768)
            .optRmsNormEps(1e-6).optRopeTheta(1_000_000).optTieWordEmbeddings(true).optQkvBias(true)
            .optBosTokenId(151643).optEosTokenIds(List.of(151643)),
            Map.of("sliding_window", 32768, "use_sliding_window", false)),
    /** Qwen/Qwen2.5-1.5B. */
    QWEN2_5_1_5B("qwen2.5-1.5b", base("qwen2", 1536, 8960, 28, 12, 2, 151936).optMaxPositions(131072)
            .optRmsNormEps(1e-6).optRopeTheta(1_000_000).optTieWordEmbeddings(true).optQkvBias(true)
            .optBosTokenId(151643).optEosTokenIds(List.of(151643)),
            Map.of("sliding_window", 131072, "use_sliding_window", false)),
    /** meta-llama/Llama-3.2-1B: llama3 rope scaling, tied head, head_dim 64. */
    LLAMA_3_2_1B("llama-3.2-1b", base("llama", 2048, 8192, 16, 32, 8, 128256).optHeadDim(64)
            .optMaxPositions(131072).optRmsNormEps(1e-5).optRopeTheta(500_000)
            .optRopeScaling(new RopeScaling.Llama3(32, 1, 4, 8192)).optTieWordEmbeddings(true)
            .optBosTokenId(128000).optEosTokenIds(List.of(128001)), Map.of()),
    /** meta-llama/Llama-3.2-3B. */
    LLAMA_3_2_3B("llama-3.2-3b", base("llama", 3072, 8192, 28, 24, 8, 128256).optHeadDim(128)
            .optMaxPositions(131072).optRmsNormEps(1e-5).optRopeTheta(500_000)
            .optRopeScaling(new RopeScaling.Llama3(32, 1, 4, 8192)).optTieWordEmbeddings(true)
            .optBosTokenId(128000).optEosTokenIds(List.of(128001)), Map.of()),
    /** mistralai/Mistral-7B-v0.1: sliding window 4096, untied head. */
    MISTRAL_7B("mistral-7b", base("mistral", 4096, 14336, 32, 32, 8, 32000).optMaxPositions(32768)
            .optRmsNormEps(1e-5).optRopeTheta(10_000).optSlidingWindow(4096).optBosTokenId(1)
            .optEosTokenIds(List.of(2)), Map.of()),
    /** meta-llama/Meta-Llama-3-8B: untied head, no rope scaling. */
    LLAMA_3_8B("llama-3-8b", base("llama", 4096, 14336, 32, 32, 8, 128256).optMaxPositions(8192)
            .optRmsNormEps(1e-5).optRopeTheta(500_000).optBosTokenId(128000).optEosTokenIds(List.of(128001)),
            Map.of());

    private final String id;
    private final ModelConfig config;
    private final Map<String, Object> extraConfig;

    ModelFamily(String id, ModelConfig.Builder config, Map<String, Object> extraConfig) {
        this.id = id;
        this.config = config.build();
        this.extraConfig = extraConfig;
    }

    private static ModelConfig.Builder base(String type, int hidden, int intermediate, int layers, int heads,
            int kvHeads, int vocab) {
        return ModelConfig.builder().setModelType(type).setHiddenSize(hidden).setIntermediateSize(intermediate)
                .setNumLayers(layers).setNumHeads(heads).optNumKvHeads(kvHeads).setVocabSize(vocab);
    }

    /** The name on the command line, e.g. {@code llama-3.2-1b}. */
    public String id() {
        return id;
    }

    public ModelConfig config() {
        return config;
    }

    /** config.json keys of the original that our decoder does not use. */
    public Map<String, Object> extraConfig() {
        return extraConfig;
    }

    /** The family named {@code id} (case-insensitive). */
    public static ModelFamily byId(String id) {
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.id.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown model configuration '" + id
                        + "'; known: " + ids()));
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(ModelFamily::id).toList();
    }

    @Override
    public String toString() {
        return id;
    }
}
