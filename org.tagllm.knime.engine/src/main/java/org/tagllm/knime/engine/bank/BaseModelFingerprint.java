package org.tagllm.knime.engine.bank;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.config.ModelConfig;
import org.tagllm.knime.engine.config.ModelConfigJson;
import org.tagllm.knime.engine.model.ModelDirectory;
import org.tagllm.knime.engine.model.WeightNames;
import org.tagllm.knime.engine.safetensors.TensorInfo;

/**
 * Identifies the frozen model a bank's tags were trained for. Tags are vectors in the model's embedding space, so they
 * mean nothing to another model, even one of the same size: the two hashes tell models apart, the other fields make
 * the messages readable.
 *
 * @param modelType       {@code llama}, {@code mistral} or {@code qwen2}
 * @param hiddenSize      d
 * @param vocabSize       rows of the embedding
 * @param numLayers       decoder blocks
 * @param configSha256    SHA-256 of the configuration as {@link ModelConfigJson#toJson} writes it
 * @param embeddingSha256 SHA-256 of {@code model.embed_tokens.weight} as float32 little-endian bytes
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BaseModelFingerprint(
        @JsonProperty(value = "model_type", required = true) String modelType,
        @JsonProperty(value = "hidden_size", required = true) int hiddenSize,
        @JsonProperty(value = "vocab_size", required = true) int vocabSize,
        @JsonProperty(value = "num_layers", required = true) int numLayers,
        @JsonProperty(value = "config_sha256", required = true) String configSha256,
        @JsonProperty(value = "embedding_sha256", required = true) String embeddingSha256) {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final int SHORT_HASH_LENGTH = 12;

    public BaseModelFingerprint {
        Require.text(modelType, "model_type");
        Require.positive(hiddenSize, "hidden_size");
        Require.positive(vocabSize, "vocab_size");
        Require.positive(numLayers, "num_layers");
        checkHash(configSha256, "config_sha256");
        checkHash(embeddingSha256, "embedding_sha256");
    }

    /**
     * Fingerprints an open model folder. The configuration is hashed in its canonical form (parsed, then written by
     * {@link ModelConfigJson#toJson}), so indentation and key order in the user's file do not matter. The embedding
     * is hashed as float32, so a BF16 or F16 file and its exact F32 widening give the same fingerprint.
     *
     * @throws ModelFormatException when the weights lack the embedding or its shape disagrees with config.json
     * @throws IOException          when the weights cannot be read
     */
    public static BaseModelFingerprint of(ModelDirectory model) throws ModelFormatException, IOException {
        ModelConfig config = model.config();
        String embedding = WeightNames.embedTokens();
        TensorInfo info = model.weights().info(embedding);
        long[] expected = {config.vocabSize(), config.hiddenSize()};
        if (info == null) {
            throw new ModelFormatException(model.weightsFile() + ": tensor '" + embedding + "' is missing; the "
                    + "model cannot be fingerprinted without its token embeddings");
        }
        if (!Arrays.equals(info.shape(), expected)) {
            throw new ModelFormatException(model.weightsFile() + ": tensor '" + embedding + "' has shape "
                    + Arrays.toString(info.shape()) + " but " + ModelDirectory.CONFIG_FILE_NAME + " implies "
                    + Arrays.toString(expected));
        }
        FloatBuffer values = model.weights().readFloats(embedding);
        checkFinite(model, embedding, values, config.hiddenSize());
        String embeddingHash = new Sha256().update(values).hex();
        return new BaseModelFingerprint(config.modelType(), config.hiddenSize(), config.vocabSize(),
                config.numLayers(), Sha256.hex(ModelConfigJson.toJson(config)), embeddingHash);
    }

    /** Tags start from the mean embedding, and a NaN or infinity there spoils every tag and output downstream. */
    private static void checkFinite(ModelDirectory model, String name, FloatBuffer values, int hidden)
            throws ModelFormatException {
        for (int i = values.position(); i < values.limit(); i++) {
            float v = values.get(i);
            if (!Float.isFinite(v)) {
                int at = i - values.position();
                throw new ModelFormatException(model.weightsFile() + ": tensor '" + name + "' holds " + v
                        + " at token " + at / hidden + ", dimension " + at % hidden + "; a model whose token "
                        + "embeddings are not all finite numbers cannot be used (the file is damaged or was saved "
                        + "from a diverged run)");
            }
        }
    }

    /** For messages: e.g. {@code llama (hidden 4096, vocab 32000, layers 32; config 1a2b3c4d5e6f, embeddings …)}. */
    public String describe() {
        return modelType + " (hidden " + hiddenSize + ", vocab " + vocabSize + ", layers " + numLayers + "; config "
                + configSha256.substring(0, SHORT_HASH_LENGTH) + ", embeddings "
                + embeddingSha256.substring(0, SHORT_HASH_LENGTH) + ")";
    }

    /** For messages: what sets this model apart from {@code other}, e.g. {@code "the embeddings differ"}. */
    String differenceFrom(BaseModelFingerprint other) {
        boolean configs = !configSha256.equals(other.configSha256);
        boolean embeddings = !embeddingSha256.equals(other.embeddingSha256);
        if (configs && embeddings) {
            return "configurations and embeddings differ";
        }
        if (configs) {
            return "configurations differ (same embeddings)";
        }
        return embeddings ? "embeddings differ (same configuration)"
                : "hashes agree but the model descriptions differ (edited bank.json?)";
    }

    private static void checkHash(String hash, String field) {
        Require.present(hash, field);
        if (!SHA256_HEX.matcher(hash).matches()) {
            throw new IllegalArgumentException("'" + field + "' must be 64 lower-case hex digits, got '" + hash + "'");
        }
    }
}
