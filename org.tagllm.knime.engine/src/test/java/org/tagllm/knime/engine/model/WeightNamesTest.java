package org.tagllm.knime.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.config.ModelConfig;

class WeightNamesTest {

    @Test
    void hfNamesForOneLayer() {
        assertEquals("model.embed_tokens.weight", WeightNames.embedTokens());
        assertEquals("model.layers.3.input_layernorm.weight", WeightNames.inputLayernorm(3));
        assertEquals("model.layers.3.self_attn.q_proj.weight", WeightNames.qProj(3));
        assertEquals("model.layers.3.self_attn.k_proj.weight", WeightNames.kProj(3));
        assertEquals("model.layers.3.self_attn.v_proj.weight", WeightNames.vProj(3));
        assertEquals("model.layers.3.self_attn.o_proj.weight", WeightNames.oProj(3));
        assertEquals("model.layers.3.self_attn.q_proj.bias", WeightNames.qProjBias(3));
        assertEquals("model.layers.3.self_attn.k_proj.bias", WeightNames.kProjBias(3));
        assertEquals("model.layers.3.self_attn.v_proj.bias", WeightNames.vProjBias(3));
        assertEquals("model.layers.3.self_attn.o_proj.bias", WeightNames.oProjBias(3));
        assertEquals("model.layers.3.post_attention_layernorm.weight", WeightNames.postAttentionLayernorm(3));
        assertEquals("model.layers.3.mlp.gate_proj.weight", WeightNames.gateProj(3));
        assertEquals("model.layers.3.mlp.up_proj.weight", WeightNames.upProj(3));
        assertEquals("model.layers.3.mlp.down_proj.weight", WeightNames.downProj(3));
        assertEquals("model.norm.weight", WeightNames.finalNorm());
        assertEquals("lm_head.weight", WeightNames.lmHead());
        assertThrows(IllegalArgumentException.class, () -> WeightNames.qProj(-1));
    }

    @Test
    void groupedQueryAttentionShapesInModelOrder() {
        ModelConfig c = TestModelFolders.llamaGqa(); // d=32, H=4, K=2, hd=8, I=64, V=50, 2 layers
        Map<String, long[]> shapes = WeightNames.expectedShapes(c);
        List<String> names = List.copyOf(shapes.keySet());
        assertEquals(2 + 2 * 9 + 1, names.size());
        assertEquals(WeightNames.embedTokens(), names.get(0));
        assertEquals(List.of(WeightNames.inputLayernorm(0), WeightNames.qProj(0), WeightNames.kProj(0),
                WeightNames.vProj(0), WeightNames.oProj(0), WeightNames.postAttentionLayernorm(0),
                WeightNames.gateProj(0), WeightNames.upProj(0), WeightNames.downProj(0)), names.subList(1, 10));
        assertEquals(List.of(WeightNames.finalNorm(), WeightNames.lmHead()), names.subList(19, 21));

        assertArrayEquals(new long[] {50, 32}, shapes.get(WeightNames.embedTokens()));
        assertArrayEquals(new long[] {32}, shapes.get(WeightNames.inputLayernorm(1)));
        assertArrayEquals(new long[] {32, 32}, shapes.get(WeightNames.qProj(1)));
        assertArrayEquals(new long[] {16, 32}, shapes.get(WeightNames.kProj(1)));
        assertArrayEquals(new long[] {16, 32}, shapes.get(WeightNames.vProj(1)));
        assertArrayEquals(new long[] {32, 32}, shapes.get(WeightNames.oProj(1)));
        assertArrayEquals(new long[] {64, 32}, shapes.get(WeightNames.gateProj(1)));
        assertArrayEquals(new long[] {64, 32}, shapes.get(WeightNames.upProj(1)));
        assertArrayEquals(new long[] {32, 64}, shapes.get(WeightNames.downProj(1)));
        assertArrayEquals(new long[] {32}, shapes.get(WeightNames.finalNorm()));
        assertArrayEquals(new long[] {50, 32}, shapes.get(WeightNames.lmHead()));
    }

    @Test
    void qwen2HasQkvBiasesAndNoLmHeadWhenTied() {
        Map<String, long[]> shapes = WeightNames.expectedShapes(TestModelFolders.qwen2());
        assertArrayEquals(new long[] {32}, shapes.get(WeightNames.qProjBias(1)));
        assertArrayEquals(new long[] {16}, shapes.get(WeightNames.kProjBias(1)));
        assertArrayEquals(new long[] {16}, shapes.get(WeightNames.vProjBias(1)));
        assertFalse(shapes.containsKey(WeightNames.oProjBias(0)));
        assertFalse(shapes.containsKey(WeightNames.lmHead()));
    }

    @Test
    void llamaAttentionBiasAddsTheOutputBias() {
        Map<String, long[]> shapes = WeightNames.expectedShapes(TestModelFolders.llamaWithAttentionBias());
        assertArrayEquals(new long[] {16}, shapes.get(WeightNames.oProjBias(0)));
        assertTrue(shapes.containsKey(WeightNames.qProjBias(0)));
    }

    /** The shapes and ModelConfig.parameterCount() are computed independently; they must agree. */
    @Test
    void shapesAddUpToTheParameterCount() {
        for (ModelConfig c : List.of(TestModelFolders.llamaGqa(), TestModelFolders.qwen2(), TestModelFolders.llamaWithAttentionBias(),
                ModelConfig.llama(4096, 14336, 32, 32, 8, 128256, 8192, false))) {
            long total = 0;
            for (long[] shape : WeightNames.expectedShapes(c).values()) {
                long n = 1;
                for (long d : shape) {
                    n *= d;
                }
                total += n;
            }
            assertEquals(c.parameterCount(), total, c.toString());
        }
    }

    @Test
    void everyCallReturnsFreshArrays() {
        ModelConfig c = TestModelFolders.llamaGqa();
        WeightNames.expectedShapes(c).get(WeightNames.embedTokens())[0] = -1;
        assertArrayEquals(new long[] {50, 32}, WeightNames.expectedShapes(c).get(WeightNames.embedTokens()));
    }
}
