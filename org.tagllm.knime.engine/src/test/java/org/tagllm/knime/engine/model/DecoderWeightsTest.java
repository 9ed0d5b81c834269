package org.tagllm.knime.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.config.ModelConfig;
import org.tagllm.knime.engine.runtime.DjlRuntime;
import org.tagllm.knime.engine.safetensors.DType;
import org.tagllm.knime.engine.safetensors.WeightSource;

class DecoderWeightsTest {

    private static final ModelConfig GQA = TestModels.LLAMA_GQA.config;

    /** Half-precision files arrive widened to float32 and stay float32: no BF16/F16 array is ever created. */
    @Test
    void loadingYieldsOnlyFloat32ArraysWhateverTheFileStores() throws Exception {
        InMemoryWeights source = InMemoryWeights.random(GQA, 1);
        source.reportType("model.embed_tokens.weight", DType.BF16);
        source.reportType("model.layers.0.self_attn.q_proj.weight", DType.F16);
        source.reportType("lm_head.weight", DType.BF16);
        try (NDManager m = DjlRuntime.newManager(); DecoderWeights w = DecoderWeights.load(GQA, source, m)) {
            assertEquals(source.tensorNames().size(), w.named().size());
            w.named().forEach((name, a) -> {
                assertEquals(DataType.FLOAT32, a.getDataType(), name);
                assertArrayEquals(source.get(name), a.toFloatArray(), name);
                assertFalse(a.hasGradient(), name + " requires a gradient");
            });
        }
        try (NDManager m = DjlRuntime.newManager();
                DecoderWeights w = DecoderWeights.random(TestModels.QWEN2_BIAS.config, 3, m)) {
            w.named().forEach((name, a) -> assertEquals(DataType.FLOAT32, a.getDataType(), name));
        }
    }

    @Test
    void aWrongShapeNamesTheTensorAndBothShapes() {
        InMemoryWeights source = InMemoryWeights.random(GQA, 2);
        source.put("model.layers.1.self_attn.k_proj.weight", new long[] {8, 32}, new float[8 * 32]);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> load(GQA, source));
        assertEquals("tensor model.layers.1.self_attn.k_proj.weight has shape [8, 32] but the configuration implies"
                + " [16, 32]", e.getMessage());
    }

    @Test
    void aMissingTensorIsNamed() {
        InMemoryWeights source = InMemoryWeights.random(GQA, 3);
        source.remove("model.layers.0.mlp.up_proj.weight");
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> load(GQA, source));
        assertEquals("tensor model.layers.0.mlp.up_proj.weight is missing (expected shape [48, 32])", e.getMessage());

        InMemoryWeights noHead = InMemoryWeights.random(GQA, 3);
        noHead.remove("lm_head.weight");
        e = assertThrows(ModelFormatException.class, () -> load(GQA, noHead));
        assertTrue(e.getMessage().startsWith("tensor lm_head.weight is missing"), e.getMessage());

        ModelConfig bias = TestModels.QWEN2_BIAS.config;
        InMemoryWeights noBias = InMemoryWeights.random(bias, 3);
        noBias.remove("model.layers.1.self_attn.v_proj.bias");
        e = assertThrows(ModelFormatException.class, () -> load(bias, noBias));
        assertEquals("tensor model.layers.1.self_attn.v_proj.bias is missing (expected shape [8])", e.getMessage());
    }

    @Test
    void aTensorWithTooFewElementsIsRefused() {
        WeightSource source = new EditedWeights(InMemoryWeights.random(GQA, 4), "model.norm.weight",
                b -> b.limit(b.limit() - 1));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> load(GQA, source));
        assertEquals("tensor model.norm.weight delivered 31 elements but its shape [32] holds 32", e.getMessage());
    }

    @Test
    void aReadFailureNamesTheTensorAndKeepsTheCause() {
        IOException cause = new IOException("disk on fire");
        WeightSource source = new EditedWeights(InMemoryWeights.random(GQA, 5), "model.layers.1.mlp.down_proj.weight",
                b -> {
                    throw cause;
                });
        IOException e = assertThrows(IOException.class, () -> load(GQA, source));
        assertEquals("reading tensor model.layers.1.mlp.down_proj.weight failed: disk on fire", e.getMessage());
        assertSame(cause, e.getCause());
    }

    /** Tied: lm_head.weight in the file is ignored and the head is the embedding matrix itself. */
    @Test
    void aTiedHeadIsTheEmbeddingMatrix() throws Exception {
        ModelConfig tied = TestModels.LLAMA_TIED.config;
        InMemoryWeights source = InMemoryWeights.random(tied, 6);
        source.put("lm_head.weight", new long[] {3, 3}, new float[9]); // stray, wrong shape: must be ignored
        try (NDManager m = DjlRuntime.newManager(); DecoderWeights w = DecoderWeights.load(tied, source, m)) {
            assertSame(w.embedTokens(), w.lmHead());
            assertFalse(w.named().containsKey("lm_head.weight"));
            assertNull(w.layer(0).qBias());
            assertNull(w.layer(0).oBias());
        }
    }

    @Test
    void randomWeightsAreDeterministicAndPlausible() {
        ModelConfig c = TestModels.LLAMA_ATTENTION_BIAS.config;
        try (NDManager m = DjlRuntime.newManager(); DecoderWeights a = DecoderWeights.random(c, 42, m);
                DecoderWeights b = DecoderWeights.random(c, 42, m);
                DecoderWeights other = DecoderWeights.random(c, 43, m)) {
            Map<String, NDArray> na = a.named();
            assertEquals(c.numLayers() * 13 + 3, na.size(), "every tensor, biases included: " + na.keySet());
            for (String name : na.keySet()) {
                float[] x = na.get(name).toFloatArray();
                assertArrayEquals(x, b.named().get(name).toFloatArray(), name + " differs for the same seed");
                assertFalse(Arrays.equals(x, other.named().get(name).toFloatArray()), name + " same for seed 43");
                double mean = 0;
                for (float v : x) {
                    mean += v;
                }
                mean /= x.length;
                double var = 0;
                for (float v : x) {
                    var += (v - mean) * (v - mean);
                }
                double std = Math.sqrt(var / x.length);
                boolean norm = name.endsWith("norm.weight");
                assertEquals(norm ? 1.0 : 0.0, mean, norm ? 0.03 : 0.01, name + " mean");
                assertEquals(norm ? 0.05 : 0.02, std, norm ? 0.02 : 0.008, name + " std");
            }
        }
    }

    /** The weights' manager is capped: an operation result attaching to it (a leak) fails at once. */
    @Test
    void theWeightsManagerRefusesNewArrays() {
        try (NDManager m = DjlRuntime.newManager(); DecoderWeights w = DecoderWeights.random(GQA, 7, m)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> w.norm().add(w.norm()));
            assertTrue(e.getMessage().contains("capped"), e.getMessage());
        }
    }

    @Test
    void closingTheDecoderFreesItsWeights() {
        LlamaDecoder decoder = LlamaDecoder.random(GQA, 8);
        NDArray embed = decoder.weights().embedTokens();
        assertNotNull(embed.toFloatArray());
        decoder.close();
        assertTrue(embed.isReleased());
    }

    private static void load(ModelConfig c, WeightSource source)
            throws IOException, ModelFormatException {
        try (NDManager m = DjlRuntime.newManager()) {
            DecoderWeights.load(c, source, m).close();
        }
    }
}
