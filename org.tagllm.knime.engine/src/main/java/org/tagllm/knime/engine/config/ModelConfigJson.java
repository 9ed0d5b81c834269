package org.tagllm.knime.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.io.AtomicFiles;

/**
 * Reads and writes Hugging Face {@code config.json} with HF's key names. Each family's defaults are absorbed here, one
 * line each; anything we cannot run (an unknown model type, rope scaling or activation) fails naming the key, and so
 * does a value of the wrong type or out of range ({@link ConfigValues}): nothing silently becomes a default or zero.
 */
public final class ModelConfigJson {

    public static final Set<String> SUPPORTED_TYPES = Set.of("llama", "mistral", "qwen2");

    /** The largest Java array HotSpot allocates. */
    static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelConfigJson() {}

    public static ModelConfig read(Path file) throws ModelFormatException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new ModelFormatException(file + ": not readable as JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ModelFormatException(file + ": expected a JSON object");
        }
        return parse(root, file.toString());
    }

    static ModelConfig parse(JsonNode c, String where) throws ModelFormatException {
        ConfigValues v = new ConfigValues(c, where);
        String type = text(c, "model_type", where);
        if (!SUPPORTED_TYPES.contains(type)) {
            throw new ModelFormatException(where + ": model_type '" + type + "' is not supported; supported are "
                    + SUPPORTED_TYPES.stream().sorted().toList());
        }
        String act = v.text("hidden_act", "silu");
        if (!act.equals("silu")) {
            throw new ModelFormatException(where + ": hidden_act '" + act + "' is not supported (only silu)");
        }
        if (v.bool("mlp_bias", false)) {
            throw new ModelFormatException(where + ": mlp_bias=true is not supported");
        }
        int hidden = v.integer("hidden_size", 1, Integer.MAX_VALUE);
        int heads = v.integer("num_attention_heads", 1, Integer.MAX_VALUE);
        // Older configs omit the kv-head count: then every query head has its own key/value head.
        int kvHeads = v.integer("num_key_value_heads", 1, Integer.MAX_VALUE, "", heads);
        // head_dim is explicit in some models (e.g. Mistral NeMo); otherwise it is hidden / heads.
        int headDim = v.integer("head_dim", 1, Integer.MAX_VALUE, "", hidden / heads);
        if (headDim < 1) {
            throw v.refusal("hidden_size", hidden, "at least num_attention_heads (" + heads + ") unless head_dim "
                    + "is given");
        }
        // LLaMA's attention_bias puts a bias on q, k, v and o; Qwen2 always has q/k/v bias and no o bias.
        boolean llamaBias = v.bool("attention_bias", false) && type.equals("llama");
        boolean qkvBias = type.equals("qwen2") || llamaBias;
        int window = slidingWindow(v, type);
        // The rotary tables hold max_position_embeddings × head_dim floats in one Java array.
        int maxPositions = v.integer("max_position_embeddings", 1, MAX_ARRAY_LENGTH / headDim,
                ", so that max_position_embeddings × head_dim (" + headDim + ") fits one Java array of "
                        + MAX_ARRAY_LENGTH + " (the rotary tables)", ModelConfig.DEFAULT_MAX_POSITIONS);
        int vocab = v.integer("vocab_size", 1, Integer.MAX_VALUE);
        List<Integer> bos = v.tokenIds("bos_token_id", vocab, null);
        if (bos.size() > 1) {
            throw v.refusal("bos_token_id", c.get("bos_token_id"), "a single token id");
        }
        // Older LLaMA conversions write pad_token_id -1 for "no padding token"; we do not use it, but check it.
        v.tokenIds("pad_token_id", vocab, -1);
        try {
            return ModelConfig.builder().setModelType(type).setHiddenSize(hidden)
                    .setIntermediateSize(v.integer("intermediate_size", 1, Integer.MAX_VALUE))
                    .setNumLayers(v.integer("num_hidden_layers", 1, Integer.MAX_VALUE)).setNumHeads(heads)
                    .optNumKvHeads(kvHeads).optHeadDim(headDim).setVocabSize(vocab).optMaxPositions(maxPositions)
                    .optRmsNormEps(v.positive("rms_norm_eps", ModelConfig.DEFAULT_RMS_NORM_EPS))
                    .optRopeTheta(v.positive("rope_theta", ModelConfig.DEFAULT_ROPE_THETA))
                    .optRopeScaling(ropeScaling(c.get("rope_scaling"), where))
                    .optTieWordEmbeddings(v.bool("tie_word_embeddings", false)).optQkvBias(qkvBias)
                    .optOutputBias(llamaBias).optSlidingWindow(window).optBosTokenId(bos.isEmpty() ? -1 : bos.get(0))
                    .optEosTokenIds(v.tokenIds("eos_token_id", vocab, null)).build();
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(where + ": " + e.getMessage(), e);
        }
    }

    private static int slidingWindow(ConfigValues v, String type) throws ModelFormatException {
        // Checked even where unused, so a damaged value never passes unseen.
        int window = v.integer("sliding_window", 1, Integer.MAX_VALUE, " (or null for no window)", 0);
        // Qwen2 configs carry a window that applies only when use_sliding_window is set.
        boolean qwenUses = v.bool("use_sliding_window", false);
        if (type.equals("qwen2") && !qwenUses) {
            return 0;
        }
        return type.equals("llama") ? 0 : window;
    }

    private static RopeScaling ropeScaling(JsonNode s, String where) throws ModelFormatException {
        if (s == null || s.isNull()) {
            return RopeScaling.NONE;
        }
        if (!s.isObject()) {
            throw new ModelFormatException(where + ": 'rope_scaling' is " + s + "; it must be an object or null");
        }
        ConfigValues v = new ConfigValues(s, where + ": rope_scaling");
        // Transformers renamed "type" to "rope_type"; accept both.
        String kind = v.has("rope_type") ? v.text("rope_type", "") : v.text("type", "");
        switch (kind) {
            case "default":
                return RopeScaling.NONE;
            case "linear":
                return new RopeScaling.Linear(v.positive("factor"));
            case "llama3":
                double low = v.positive("low_freq_factor");
                double high = v.positive("high_freq_factor");
                if (high <= low) {
                    throw v.refusal("high_freq_factor", high, "greater than low_freq_factor (" + low + ")");
                }
                return new RopeScaling.Llama3(v.positive("factor"), low, high,
                        v.integer("original_max_position_embeddings", 1, Integer.MAX_VALUE));
            default:
                throw new ModelFormatException(where + ": rope_scaling type '" + kind
                        + "' is not supported (supported: linear, llama3)");
        }
    }

    private static String text(JsonNode c, String key, String where) throws ModelFormatException {
        JsonNode n = c.get(key);
        if (n == null || !n.isTextual()) {
            throw new ModelFormatException(where + ": missing or non-text key '" + key + "'");
        }
        return n.asText();
    }

    /** The configuration as HF {@code config.json} text. */
    public static String toJson(ModelConfig m) {
        ObjectNode c = JSON.createObjectNode();
        c.putArray("architectures").add(switch (m.modelType()) {
            case "mistral" -> "MistralForCausalLM";
            case "qwen2" -> "Qwen2ForCausalLM";
            default -> "LlamaForCausalLM";
        });
        c.put("model_type", m.modelType());
        c.put("hidden_size", m.hiddenSize());
        c.put("intermediate_size", m.intermediateSize());
        c.put("num_hidden_layers", m.numLayers());
        c.put("num_attention_heads", m.numHeads());
        c.put("num_key_value_heads", m.numKvHeads());
        c.put("head_dim", m.headDim());
        c.put("vocab_size", m.vocabSize());
        c.put("max_position_embeddings", m.maxPositions());
        c.put("rms_norm_eps", m.rmsNormEps());
        c.put("rope_theta", m.ropeTheta());
        c.put("hidden_act", "silu");
        c.put("tie_word_embeddings", m.tieWordEmbeddings());
        if (m.modelType().equals("llama")) {
            c.put("attention_bias", m.qkvBias());
        }
        if (m.slidingWindow() > 0) {
            c.put("sliding_window", m.slidingWindow());
            if (m.modelType().equals("qwen2")) {
                c.put("use_sliding_window", true);
            }
        }
        if (m.ropeScaling() instanceof RopeScaling.Linear l) {
            c.putObject("rope_scaling").put("rope_type", "linear").put("factor", l.factor());
        } else if (m.ropeScaling() instanceof RopeScaling.Llama3 s) {
            c.putObject("rope_scaling").put("rope_type", "llama3").put("factor", s.factor())
                    .put("low_freq_factor", s.lowFreqFactor()).put("high_freq_factor", s.highFreqFactor())
                    .put("original_max_position_embeddings", s.originalMaxPositionEmbeddings());
        }
        if (m.bosTokenId() >= 0) {
            c.put("bos_token_id", m.bosTokenId());
        }
        if (m.eosTokenIds().size() == 1) {
            c.put("eos_token_id", m.eosTokenIds().get(0));
        } else if (!m.eosTokenIds().isEmpty()) {
            m.eosTokenIds().forEach(c.putArray("eos_token_id")::add);
        }
        c.put("torch_dtype", "float32");
        return c.toPrettyString();
    }

    /** Writes {@code config.json} atomically. */
    public static void write(ModelConfig m, Path file) throws IOException {
        AtomicFiles.writeString(file, toJson(m));
    }
}
