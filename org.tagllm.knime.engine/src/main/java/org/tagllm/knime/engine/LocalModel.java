package org.tagllm.knime.engine;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.tagllm.knime.engine.config.ModelConfig;
import org.tagllm.knime.engine.generate.Generation;
import org.tagllm.knime.engine.generate.GenerationSettings;
import org.tagllm.knime.engine.generate.TextGenerator;
import org.tagllm.knime.engine.model.LlamaDecoder;
import org.tagllm.knime.engine.model.ModelDirectory;
import org.tagllm.knime.engine.model.WeightPrecision;
import org.tagllm.knime.engine.tokenizer.HfTextTokenizer;
import org.tagllm.knime.engine.tokenizer.TextTokenizer;

/**
 * A local model folder loaded for use: the frozen decoder in native memory and its tokenizer. The weight files are
 * read once and closed; {@link #close()} frees the native memory.
 *
 * <pre>{@code
 * try (LocalModel m = LocalModel.open(Path.of("/models/stories260K"))) {
 *     String text = m.generate("Once upon a time", GenerationSettings.greedy(60));
 * }
 * }</pre>
 */
public final class LocalModel implements AutoCloseable {

    private final Path dir;
    private final LlamaDecoder decoder;
    private final TextTokenizer tokenizer;

    private LocalModel(Path dir, LlamaDecoder decoder, TextTokenizer tokenizer) {
        this.dir = dir;
        this.decoder = decoder;
        this.tokenizer = tokenizer;
    }

    /**
     * Loads a Hugging Face-layout folder (config.json, safetensors weights, tokenizer.json).
     *
     * @throws ModelFormatException when a file is missing, refused (pickle) or inconsistent with the configuration
     */
    public static LocalModel open(Path dir) throws IOException, ModelFormatException {
        return open(dir, Device.cpu());
    }

    /**
     * Loads the folder onto {@code device} ({@code Device.cpu()}, or {@code Device.gpu(n)} where libtorch has CUDA);
     * tags, heads and every array of a forward or backward pass then live there too.
     */
    public static LocalModel open(Path dir, Device device) throws IOException, ModelFormatException {
        return open(dir, device, WeightPrecision.FLOAT32);
    }

    /**
     * Loads the folder onto {@code device}, keeping the weights as {@code precision} says: with
     * {@link WeightPrecision#STORED} a bf16 checkpoint takes 2 bytes per parameter (its mapped files) instead of 4.
     */
    public static LocalModel open(Path dir, Device device, WeightPrecision precision)
            throws IOException, ModelFormatException {
        try (ModelDirectory folder = ModelDirectory.open(dir)) {
            ModelConfig config = folder.config();
            Path tokenizerJson = folder.tokenizerJson().orElseThrow(() -> new ModelFormatException(dir
                    + ": no tokenizer.json; text in and out needs the model's Hugging Face tokenizer file"));
            folder.checkWeights();
            TextTokenizer tokenizer = HfTextTokenizer.open(tokenizerJson, eosIds(config));
            try {
                if (tokenizer.vocabSize() > config.vocabSize()) {
                    throw new ModelFormatException(tokenizerJson + ": the tokenizer has " + tokenizer.vocabSize()
                            + " tokens but the model's vocab_size is " + config.vocabSize()
                            + "; tokenizer and weights do not belong together");
                }
                return new LocalModel(folder.dir(), LlamaDecoder.load(config, folder.weights(), device, precision), tokenizer);
            } catch (IOException | ModelFormatException | RuntimeException e) {
                tokenizer.close();
                throw e;
            }
        }
    }

    private static Set<Long> eosIds(ModelConfig config) {
        Set<Long> ids = new HashSet<>();
        config.eosTokenIds().forEach(id -> ids.add(id.longValue()));
        return ids;
    }

    public Path dir() {
        return dir;
    }

    public ModelConfig config() {
        return decoder.config();
    }

    public LlamaDecoder decoder() {
        return decoder;
    }

    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    /** Continues {@code prompt}; returns the whole text, prompt included, special tokens left out. */
    public String generate(String prompt, GenerationSettings settings) {
        Generation g = new TextGenerator(decoder).generate(tokenizer.encode(prompt), settings);
        return tokenizer.decode(g.tokens());
    }

    @Override
    public void close() {
        try {
            tokenizer.close();
        } finally {
            decoder.close();
        }
    }
}
