package org.tagllm.knime.engine.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.config.ModelConfig;
import org.tagllm.knime.engine.config.ModelConfigJson;
import org.tagllm.knime.engine.generate.GenerationSettings;
import org.tagllm.knime.engine.model.ModelDirectory;
import org.tagllm.knime.engine.safetensors.DType;

/** Folders made from the families' real configurations: config.json as published, loadable, seeded. */
class RandomModelFolderTest {

    @TempDir
    Path tmp;

    /** Shrinks a family to a test size, keeping every switch (biases, tying, GQA, rope scaling, window). */
    static ModelConfig small(ModelFamily f) {
        ModelConfig c = f.config();
        int heads = c.numHeads() / c.numKvHeads() * 2; // the family's group size, 2 kv heads
        return c.toBuilder().setNumLayers(2).setHiddenSize(heads * 8).optHeadDim(8).setNumHeads(heads)
                .optNumKvHeads(2).setIntermediateSize(40).setVocabSize(400).optBosTokenId(1)
                .optEosTokenIds(List.of(2)).build();
    }

    @Test
    void everyFamilysConfigJsonReadsBackAsItsConfiguration() throws Exception {
        for (ModelFamily f : ModelFamily.values()) {
            Path file = tmp.resolve(f.id() + ".json");
            Files.writeString(file, RandomModelFolder.configJson(f.config(), f.extraConfig(), DType.BF16));
            assertEquals(f.config(), ModelConfigJson.read(file), f.id());
            assertTrue(Files.readString(file).contains("\"torch_dtype\" : \"bfloat16\""), f.id());
        }
        // Published sizes (Hugging Face model cards), so a typo in a preset cannot pass unseen.
        assertEquals(494_032_768L, ModelFamily.QWEN2_5_0_5B.config().parameterCount());
        assertEquals(1_235_814_400L, ModelFamily.LLAMA_3_2_1B.config().parameterCount());
        assertEquals(7_241_732_096L, ModelFamily.MISTRAL_7B.config().parameterCount());
        assertEquals(8_030_261_248L, ModelFamily.LLAMA_3_8B.config().parameterCount());
    }

    @Test
    void shrunkFamiliesLoadAndGenerateInEveryDtype() throws Exception {
        for (ModelFamily f : ModelFamily.values()) {
            for (DType dtype : DType.values()) {
                Path dir = tmp.resolve(f.id() + "-" + dtype);
                RandomModelFolder.write(small(f), f.extraConfig(), dtype, 5, 30_000, dir);
                assertTrue(Files.isRegularFile(dir.resolve("model.safetensors.index.json")), "sharded: " + dir);
                try (ModelDirectory d = ModelDirectory.open(dir)) {
                    assertEquals(dtype.name(), d.dtypeOnDisk());
                }
                try (LocalModel m = LocalModel.open(dir)) {
                    assertEquals(small(f), m.config());
                    String text = m.generate("CCO", GenerationSettings.greedy(4));
                    assertTrue(text.startsWith("CCO"), text);
                }
            }
        }
    }

    @Test
    void theSameSeedWritesTheSameBytes() throws Exception {
        ModelConfig c = small(ModelFamily.LLAMA_3_2_1B);
        RandomModelFolder.write(c, java.util.Map.of(), DType.BF16, 9, 1L << 30, tmp.resolve("a"));
        RandomModelFolder.write(c, java.util.Map.of(), DType.BF16, 9, 1L << 30, tmp.resolve("b"));
        RandomModelFolder.write(c, java.util.Map.of(), DType.BF16, 10, 1L << 30, tmp.resolve("c"));
        byte[] a = Files.readAllBytes(tmp.resolve("a/model.safetensors"));
        assertArrayEquals(a, Files.readAllBytes(tmp.resolve("b/model.safetensors")));
        assertFalse(java.util.Arrays.equals(a, Files.readAllBytes(tmp.resolve("c/model.safetensors"))));
    }
}
