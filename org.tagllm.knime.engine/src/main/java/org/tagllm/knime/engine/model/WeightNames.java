package org.tagllm.knime.engine.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tagllm.knime.engine.config.ModelConfig;

/**
 * Hugging Face's tensor names for a LLaMA-family decoder, and the shapes a configuration implies. The single source of
 * these names for the weight check, the decoder loader and the llama2.c importer. Linear weights are
 * {@code [out, in]}, as PyTorch stores them.
 */
public final class WeightNames {

    private WeightNames() {}

    public static String embedTokens() {
        return "model.embed_tokens.weight";
    }

    public static String inputLayernorm(int layer) {
        return layer(layer) + "input_layernorm.weight";
    }

    public static String qProj(int layer) {
        return layer(layer) + "self_attn.q_proj.weight";
    }

    public static String kProj(int layer) {
        return layer(layer) + "self_attn.k_proj.weight";
    }

    public static String vProj(int layer) {
        return layer(layer) + "self_attn.v_proj.weight";
    }

    public static String oProj(int layer) {
        return layer(layer) + "self_attn.o_proj.weight";
    }

    public static String qProjBias(int layer) {
        return layer(layer) + "self_attn.q_proj.bias";
    }

    public static String kProjBias(int layer) {
        return layer(layer) + "self_attn.k_proj.bias";
    }

    public static String vProjBias(int layer) {
        return layer(layer) + "self_attn.v_proj.bias";
    }

    public static String oProjBias(int layer) {
        return layer(layer) + "self_attn.o_proj.bias";
    }

    public static String postAttentionLayernorm(int layer) {
        return layer(layer) + "post_attention_layernorm.weight";
    }

    public static String gateProj(int layer) {
        return layer(layer) + "mlp.gate_proj.weight";
    }

    public static String upProj(int layer) {
        return layer(layer) + "mlp.up_proj.weight";
    }

    public static String downProj(int layer) {
        return layer(layer) + "mlp.down_proj.weight";
    }

    public static String finalNorm() {
        return "model.norm.weight";
    }

    /** Absent when the configuration ties word embeddings: the LM head then reuses {@link #embedTokens()}. */
    public static String lmHead() {
        return "lm_head.weight";
    }

    /**
     * Every tensor the configuration implies, with its shape, in model order (embedding, each layer from input norm to
     * down projection, final norm, LM head). A fresh map with fresh arrays on every call.
     */
    public static Map<String, long[]> expectedShapes(ModelConfig c) {
        long d = c.hiddenSize();
        long q = (long) c.numHeads() * c.headDim();
        long kv = (long) c.numKvHeads() * c.headDim();
        long inner = c.intermediateSize();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put(embedTokens(), new long[] {c.vocabSize(), d});
        for (int i = 0; i < c.numLayers(); i++) {
            shapes.put(inputLayernorm(i), new long[] {d});
            shapes.put(qProj(i), new long[] {q, d});
            if (c.qkvBias()) {
                shapes.put(qProjBias(i), new long[] {q});
            }
            shapes.put(kProj(i), new long[] {kv, d});
            if (c.qkvBias()) {
                shapes.put(kProjBias(i), new long[] {kv});
            }
            shapes.put(vProj(i), new long[] {kv, d});
            if (c.qkvBias()) {
                shapes.put(vProjBias(i), new long[] {kv});
            }
            shapes.put(oProj(i), new long[] {d, q});
            if (c.outputBias()) {
                shapes.put(oProjBias(i), new long[] {d});
            }
            shapes.put(postAttentionLayernorm(i), new long[] {d});
            shapes.put(gateProj(i), new long[] {inner, d});
            shapes.put(upProj(i), new long[] {inner, d});
            shapes.put(downProj(i), new long[] {d, inner});
        }
        shapes.put(finalNorm(), new long[] {d});
        if (!c.tieWordEmbeddings()) {
            shapes.put(lmHead(), new long[] {c.vocabSize(), d});
        }
        return shapes;
    }

    /** The decoder block a tensor name belongs to ({@code model.layers.N.…}), or -1 for any other tensor. */
    public static int layerOf(String tensorName) {
        Matcher m = LAYER_NAME.matcher(tensorName);
        return m.lookingAt() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static final Pattern LAYER_NAME = Pattern.compile("model\\.layers\\.(\\d{1,9})\\.");

    private static String layer(int layer) {
        if (layer < 0) {
            throw new IllegalArgumentException("layer index must be non-negative, got " + layer);
        }
        return "model.layers." + layer + ".";
    }
}
