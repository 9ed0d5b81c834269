package org.tagllm.knime.engine.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.tagllm.knime.engine.config.ModelConfig;
import org.tagllm.knime.engine.config.ModelConfigJson;
import org.tagllm.knime.engine.safetensors.SafetensorsWriter;

/** Tiny model folders with seeded random weights, written with the production writer. */
final class TestModelFolders {

    private TestModelFolders() {}

    /** LLaMA with grouped-query attention (4 query heads share 2 kv heads) and an untied LM head. */
    static ModelConfig llamaGqa() {
        return ModelConfig.llama(32, 64, 2, 4, 2, 50, 128, false);
    }

    /** Qwen2: q/k/v biases, tied embeddings. */
    static ModelConfig qwen2() {
        return ModelConfig.builder().setModelType("qwen2").setHiddenSize(32).setIntermediateSize(48).setNumLayers(2)
                .setNumHeads(4).optNumKvHeads(2).setVocabSize(40).optMaxPositions(128).optRmsNormEps(1e-6)
                .optRopeTheta(1e6).optTieWordEmbeddings(true).optQkvBias(true).optEosTokenIds(List.of(3)).build();
    }

    /** LLaMA with attention_bias: biases on q, k, v and o. */
    static ModelConfig llamaWithAttentionBias() {
        return ModelConfig.builder().setModelType("llama").setHiddenSize(16).setIntermediateSize(40).setNumLayers(1)
                .setNumHeads(2).setVocabSize(30).optMaxPositions(64).optRmsNormEps(1e-5).optRopeTheta(1e4)
                .optQkvBias(true).optOutputBias(true).optBosTokenId(1).optEosTokenIds(List.of(2)).build();
    }

    /** Random weights for every tensor the configuration implies. */
    static SafetensorsWriter weights(ModelConfig config, long seed) {
        return weights(config, seed, UnaryOperator.identity());
    }

    /**
     * Random weights, with {@code edit} applied to the name-to-shape map first (remove an entry to leave a tensor out,
     * replace one to give it the wrong shape).
     */
    static SafetensorsWriter weights(ModelConfig config, long seed, UnaryOperator<Map<String, long[]>> edit) {
        Random random = new Random(seed);
        SafetensorsWriter writer = new SafetensorsWriter();
        edit.apply(WeightNames.expectedShapes(config)).forEach((name, shape) -> {
            long count = 1;
            for (long d : shape) {
                count *= d;
            }
            float[] data = new float[Math.toIntExact(count)];
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) random.nextGaussian() * 0.02f;
            }
            writer.put(name, shape, data);
        });
        return writer;
    }

    /** A complete single-file model folder with a tokenizer.json. */
    static Path folder(Path dir, ModelConfig config, long seed) throws IOException {
        Files.createDirectories(dir);
        ModelConfigJson.write(config, dir.resolve(ModelDirectory.CONFIG_FILE_NAME));
        weights(config, seed).write(dir.resolve(ModelDirectory.WEIGHTS_FILE_NAME));
        Files.writeString(dir.resolve(ModelDirectory.TOKENIZER_FILE_NAME), "{\"version\": \"1.0\"}");
        return dir;
    }
}
