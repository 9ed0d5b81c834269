package org.tagllm.knime.engine.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The builder's defaults are Hugging Face's for an absent key, the ones {@link ModelConfigJson} reads. */
class ModelConfigBuilderTest {

    @TempDir
    Path tmp;

    @Test
    void aConfigJsonWithOnlyTheRequiredKeysReadsAsTheBuildersDefaults() throws Exception {
        ObjectNode json = new ObjectMapper().createObjectNode().put("model_type", "mistral").put("hidden_size", 48)
                .put("intermediate_size", 64).put("num_hidden_layers", 3).put("num_attention_heads", 6)
                .put("vocab_size", 70);
        Path file = Files.writeString(tmp.resolve("config.json"), json.toPrettyString());
        ModelConfig built = ModelConfig.builder().setModelType("mistral").setHiddenSize(48).setIntermediateSize(64)
                .setNumLayers(3).setNumHeads(6).setVocabSize(70).build();
        assertEquals(ModelConfigJson.read(file), built);
        assertEquals(6, built.numKvHeads());
        assertEquals(8, built.headDim());
        assertEquals(2048, built.maxPositions());
        assertEquals(1e-6, built.rmsNormEps());
        assertEquals(10000.0, built.ropeTheta());
        assertEquals(-1, built.bosTokenId());
        assertEquals(List.of(), built.eosTokenIds());
    }

    @Test
    void toBuilderKeepsEveryComponent() {
        ModelConfig rich = new ModelConfig("qwen2", 32, 48, 2, 4, 1, 12, 64, 256, 1e-5, 1e6,
                new RopeScaling.Linear(2.0), true, true, true, 7, 5, List.of(3, 4));
        assertEquals(rich, rich.toBuilder().build());
        assertEquals(9, rich.toBuilder().setNumLayers(9).build().numLayers());
    }

    @Test
    void llamaIsTheSameConfigurationAsBefore() {
        assertEquals(new ModelConfig("llama", 64, 96, 2, 8, 4, 8, 100, 128, 1e-5, 10000.0, RopeScaling.NONE, true,
                false, false, 0, 1, List.of(2)), ModelConfig.llama(64, 96, 2, 8, 4, 100, 128, true));
    }

    @Test
    void requiredValuesAreNamedWhenMissing() {
        IllegalStateException type = assertThrows(IllegalStateException.class,
                () -> ModelConfig.builder().setHiddenSize(8).build());
        assertTrue(type.getMessage().contains("setModelType"), type.getMessage());
        IllegalStateException layers = assertThrows(IllegalStateException.class, () -> ModelConfig.builder()
                .setModelType("llama").setHiddenSize(8).setIntermediateSize(8).setNumHeads(2).setVocabSize(9).build());
        assertTrue(layers.getMessage().contains("setNumLayers"), layers.getMessage());
        IllegalArgumentException groups = assertThrows(IllegalArgumentException.class, () -> ModelConfig.builder()
                .setModelType("llama").setHiddenSize(24).setIntermediateSize(8).setNumLayers(1).setNumHeads(3)
                .optNumKvHeads(2).setVocabSize(9).build());
        assertTrue(groups.getMessage().contains("multiple of num_key_value_heads"), groups.getMessage());
    }
}
