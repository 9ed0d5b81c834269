package org.tagllm.knime.engine.demo;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.config.ModelConfig;
import org.tagllm.knime.engine.config.ModelConfigJson;
import org.tagllm.knime.engine.io.StagedDirectory;
import org.tagllm.knime.engine.llama2c.Llama2cTokenizerFile;
import org.tagllm.knime.engine.llama2c.TokenizerJsonWriter;
import org.tagllm.knime.engine.model.RandomWeightSource;
import org.tagllm.knime.engine.safetensors.SafetensorsWriter;
import org.tagllm.knime.engine.safetensors.WeightSource;

/**
 * The embedded demo model: a tiny LLaMA with seeded random (untrained) weights and a byte-level tokenizer (one piece
 * per printable ASCII character, byte fallback for the rest), written as an ordinary Hugging Face folder. It exists so
 * that a fresh machine, with no model at hand, can run the whole path; its text is gibberish by design.
 */
public final class DemoModel {

    /** Folder name; the version changes whenever the model's content would. */
    public static final String NAME = "demo-tiny-llama-v1";

    private static final long SEED = 20240205; // the paper's arXiv date

    private DemoModel() {}

    /** The demo model's configuration: 2 layers, width 64, grouped-query attention, tied embeddings. */
    public static ModelConfig config() {
        return ModelConfig.llama(64, 172, 2, 8, 4, pieces().size(), 512, true);
    }

    /** Makes the folder unless it already holds the model; returns it. */
    public static Path ensure(Path dir) throws IOException, ModelFormatException {
        if (Files.isRegularFile(dir.resolve("config.json")) && Files.isRegularFile(dir.resolve("model.safetensors"))
                && Files.isRegularFile(dir.resolve("tokenizer.json"))) {
            return dir;
        }
        write(dir);
        return dir;
    }

    /** Writes (or rewrites) the folder, staged beside it and renamed into place. */
    public static void write(Path dir) throws IOException, ModelFormatException {
        ModelConfig config = config();
        TokenizerJsonWriter tokenizer = tokenizer(dir.resolve("tokenizer.json"));
        SafetensorsWriter weights = new SafetensorsWriter().metadata("format", "pt")
                .metadata("tagllm", "demo model: random untrained weights, seed " + SEED);
        try (WeightSource random = new RandomWeightSource(config, SEED)) {
            for (String name : random.names()) {
                FloatBuffer b = random.readFloats(name);
                float[] data = new float[b.remaining()];
                b.get(data);
                weights.put(name, random.info(name).shape(), data);
            }
        }
        try (StagedDirectory stage = StagedDirectory.beside(dir)) {
            ModelConfigJson.write(config, stage.dir().resolve("config.json"));
            weights.write(stage.dir().resolve("model.safetensors"));
            tokenizer.write(stage.dir().resolve("tokenizer.json"));
            stage.commit();
        }
    }

    /**
     * The demo's byte-level tokenizer (ids 0-2 {@code <unk> <s> </s>}, 256 byte pieces, printable ASCII), to be written
     * with {@link TokenizerJsonWriter#write}; {@code source} names it in messages. Model folders the project makes
     * itself share it.
     */
    public static TokenizerJsonWriter tokenizer(Path source) throws ModelFormatException {
        List<String> pieces = pieces();
        return new TokenizerJsonWriter(new Llama2cTokenizerFile(1, pieces, new float[pieces.size()]), source);
    }

    /** {@code <unk>}, {@code <s>}, {@code </s>}, the 256 byte pieces, then printable ASCII one character each. */
    static List<String> pieces() {
        List<String> pieces = new ArrayList<>(List.of("<unk>", "<s>", "</s>"));
        for (int b = 0; b < 256; b++) {
            pieces.add(String.format("<0x%02X>", b));
        }
        for (char c = ' '; c <= '~'; c++) {
            pieces.add(String.valueOf(c));
        }
        return pieces;
    }
}
