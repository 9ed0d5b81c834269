package org.tagllm.knime.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.io.AtomicFiles;

/**
 * Reads and writes Hugging Face {@code config.json} with HF's key names. Each family's defaults are absorbed here, one
 * line each; anything we cannot run (an unknown model type, rope scaling or activation) fails naming the key.
 */
public final class ModelConfigJson {

    public static final Set<String> SUPPORTED_TYPES = Set.of("llama", "mistral", "qwen2");

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
        String type = text(c, "model_type", where);
        if (!SUPPORTED_TYPES.contains(type)) {
            throw new ModelFormatException(where + ": model_type '" + type + "' is not supported; supported are "
                    + SUPPORTED_TYPES.stream().sorted().toList());
        }
        String act = c.path("hidden_act").asText("silu");
        if (!act.equals("silu")) {
            throw new ModelFormatException(where + ": hidden_act '" + act + "' is not supported (only silu)");
        }
        if (c.path("mlp_bias").asBoolean(false)) {
            throw new ModelFormatException(where + ": mlp_bias=true is not supported");
        }
        int hidden = integer(c, "hidden_size", where);
        int heads = integer(c, "num_attention_heads", where);
        // Older configs omit the kv-head count: then every query head has its own key/value head.
        int kvHeads = c.hasNonNull("num_key_value_heads") ? integer(c, "num_key_value_heads", where) : heads;
        // head_dim is explicit in some models (e.g. Mistral NeMo); otherwise it is hidden / heads.
        int headDim = c.hasNonNull("head_dim") ? integer(c, "head_dim", where) : hidden / heads;
        // LLaMA's attention_bias puts a bias on q, k, v and o; Qwen2 always has q/k/v bias and no o bias.
        boolean llamaBias = type.equals("llama") && c.path("attention_bias").asBoolean(false);
        boolean qkvBias = type.equals("qwen2") || llamaBias;
        int window = slidingWindow(c, type);
        try {
            return new ModelConfig(type, hidden, integer(c, "intermediate_size", where),
                    integer(c, "num_hidden_layers", where), heads, kvHeads, headDim,
                    integer(c, "vocab_size", where), c.path("max_position_embeddings").asInt(2048),
                    c.path("rms_norm_eps").asDouble(1e-6), c.path("rope_theta").asDouble(10000.0),
                    ropeScaling(c.get("rope_scaling"), where), c.path("tie_word_embeddings").asBoolean(false),
                    qkvBias, llamaBias, window, c.path("bos_token_id").asInt(-1), eosIds(c.get("eos_token_id")));
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(where + ": " + e.getMessage(), e);
        }
    }

    private static int slidingWindow(JsonNode c, String type) {
        JsonNode w = c.get("sliding_window");
        if (w == null || w.isNull()) {
            return 0;
        }
        // Qwen2 configs carry a window that applies only when use_sliding_window is set.
        if (type.equals("qwen2") && !c.path("use_sliding_window").asBoolean(false)) {
            return 0;
        }
        return type.equals("llama") ? 0 : w.asInt(0);
    }

    private static RopeScaling ropeScaling(JsonNode s, String where) throws ModelFormatException {
        if (s == null || s.isNull()) {
            return RopeScaling.NONE;
        }
        // Transformers renamed "type" to "rope_type"; accept both.
        String kind = s.hasNonNull("rope_type") ? s.get("rope_type").asText() : s.path("type").asText("");
        switch (kind) {
            case "default":
                return RopeScaling.NONE;
            case "linear":
                return new RopeScaling.Linear(number(s, "factor", where + ": rope_scaling"));
            case "llama3":
                return new RopeScaling.Llama3(number(s, "factor", where + ": rope_scaling"),
                        number(s, "low_freq_factor", where + ": rope_scaling"),
                        number(s, "high_freq_factor", where + ": rope_scaling"),
                        (int) number(s, "original_max_position_embeddings", where + ": rope_scaling"));
            default:
                throw new ModelFormatException(where + ": rope_scaling type '" + kind
                        + "' is not supported (supported: linear, llama3)");
        }
    }

    private static List<Integer> eosIds(JsonNode n) {
        List<Integer> ids = new ArrayList<>();
        if (n != null && n.isArray()) {
            n.forEach(e -> ids.add(e.asInt()));
        } else if (n != null && n.isNumber()) {
            ids.add(n.asInt());
        }
        return ids;
    }

    private static String text(JsonNode c, String key, String where) throws ModelFormatException {
        JsonNode n = c.get(key);
        if (n == null || !n.isTextual()) {
            throw new ModelFormatException(where + ": missing or non-text key '" + key + "'");
        }
        return n.asText();
    }

    private static int integer(JsonNode c, String key, String where) throws ModelFormatException {
        JsonNode n = c.get(key);
        if (n == null || !n.canConvertToInt() || n.asInt() <= 0) {
            throw new ModelFormatException(where + ": key '" + key + "' must be a positive integer, got " + n);
        }
        return n.asInt();
    }

    private static double number(JsonNode c, String key, String where) throws ModelFormatException {
        JsonNode n = c.get(key);
        if (n == null || !n.isNumber()) {
            throw new ModelFormatException(where + ": key '" + key + "' must be a number, got " + n);
        }
        return n.asDouble();
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
