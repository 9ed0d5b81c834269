package org.tagllm.knime.engine.synthetic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.config.ModelConfig;
import org.tagllm.knime.engine.config.ModelConfigJson;
import org.tagllm.knime.engine.demo.DemoModel;
import org.tagllm.knime.engine.io.StagedDirectory;
import org.tagllm.knime.engine.llama2c.TokenizerJsonWriter;
import org.tagllm.knime.engine.model.WeightNames;
import org.tagllm.knime.engine.safetensors.DType;
import org.tagllm.knime.engine.safetensors.ShardedSafetensorsWriter;

/**
 * Writes a Hugging Face model folder with seeded random weights: {@code config.json}, the weights in the chosen dtype
 * (sharded with {@code model.safetensors.index.json} beyond one shard), and the demo's byte-level
 * {@code tokenizer.json} (a real family's tokenizer cannot be made here; SMILES and protein letters are ASCII, so
 * every character is one token; {@code bos_token_id}/{@code eos_token_id} are that tokenizer's). Values are generated chunk by chunk, so a 14 GB model needs a few megabytes of heap.
 *
 * <p>Weights: projections and embeddings N(0, 0.02²), norm weights 1 + N(0, 0.05²), biases N(0, 0.02²). Chunk k of
 * a tensor draws from its own generator seeded by (seed, tensor name, k): the same seed gives the same files.
 */
public final class RandomModelFolder {

    /** Hugging Face's usual shard size for uploads made with {@code save_pretrained}. */
    public static final long DEFAULT_SHARD_BYTES = 5_000_000_000L;

    private static final double WEIGHT_STD = 0.02;
    private static final double NORM_STD = 0.05;

    private RandomModelFolder() {}

    /**
     * Writes the folder {@code dir} (which must not exist or be empty), staged beside it and renamed into place.
     *
     * @param extraConfig additional config.json keys (the family's unused ones)
     * @return the files written
     */
    public static List<Path> write(ModelConfig config, Map<String, Object> extraConfig, DType dtype, long seed,
            long shardBytes, Path dir) throws IOException, ModelFormatException {
        // The special ids follow the tokenizer written here, not the family's own (which that tokenizer lacks).
        config = config.toBuilder().optBosTokenId(TokenizerJsonWriter.BOS_ID)
                .optEosTokenIds(List.of(TokenizerJsonWriter.EOS_ID)).build();
        if (config.vocabSize() < DemoModel.config().vocabSize()) {
            throw new IllegalArgumentException("vocab_size " + config.vocabSize() + " is smaller than the tokenizer's "
                    + DemoModel.config().vocabSize() + " tokens");
        }
        ShardedSafetensorsWriter weights = new ShardedSafetensorsWriter(dtype, shardBytes);
        for (Map.Entry<String, long[]> t : WeightNames.expectedShapes(config).entrySet()) {
            weights.add(t.getKey(), t.getValue(), filler(t.getKey(), seed));
        }
        try (StagedDirectory stage = StagedDirectory.beside(dir)) {
            Files.writeString(stage.dir().resolve("config.json"), configJson(config, extraConfig, dtype));
            List<Path> files = weights.writeInto(stage.dir());
            DemoModel.tokenizer(dir.resolve("tokenizer.json")).write(stage.dir().resolve("tokenizer.json"));
            stage.commit();
            return files.stream().map(f -> dir.resolve(f.getFileName())).toList();
        }
    }

    private static ShardedSafetensorsWriter.Filler filler(String name, long seed) {
        boolean norm = name.endsWith("norm.weight");
        double mean = norm ? 1.0 : 0.0;
        double std = norm ? NORM_STD : WEIGHT_STD;
        long nameSeed = seed * 0x9E3779B97F4A7C15L + name.hashCode();
        return (chunk, out, count) -> {
            SplittableRandom random = new SplittableRandom(nameSeed * 31 + chunk);
            for (int i = 0; i < count; i++) {
                out[i] = (float) (mean + std * random.nextGaussian());
            }
        };
    }

    /** HF config.json text: our keys, the family's unused ones, and the dtype on disk. */
    static String configJson(ModelConfig config, Map<String, Object> extraConfig, DType dtype) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode c = (ObjectNode) json.readTree(ModelConfigJson.toJson(config));
        extraConfig.forEach((key, value) -> c.set(key, json.valueToTree(value)));
        c.put("torch_dtype", switch (dtype) {
            case BF16 -> "bfloat16";
            case F16 -> "float16";
            case F32 -> "float32";
        });
        return c.toPrettyString();
    }
}
