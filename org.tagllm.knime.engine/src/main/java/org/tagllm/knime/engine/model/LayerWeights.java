package org.tagllm.knime.engine.model;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The frozen float32 weights of one decoder block, in Hugging Face's layout ({@code [out, in]} for projections).
 * d = hidden size, H = query heads, K = key/value heads, hd = head dim, I = intermediate size. Biases are
 * {@code null} when the configuration has none.
 *
 * @param inputNorm     RMSNorm before attention, [d]
 * @param q             query projection, [H*hd, d]
 * @param k             key projection, [K*hd, d]
 * @param v             value projection, [K*hd, d]
 * @param qBias         [H*hd] or null
 * @param kBias         [K*hd] or null
 * @param vBias         [K*hd] or null
 * @param o             attention output projection, [d, H*hd]
 * @param oBias         [d] or null
 * @param postNorm      RMSNorm before the MLP, [d]
 * @param gate          SwiGLU gate projection, [I, d]
 * @param up            SwiGLU up projection, [I, d]
 * @param down          SwiGLU down projection, [d, I]
 */
public record LayerWeights(
        NDArray inputNorm,
        NDArray q,
        NDArray k,
        NDArray v,
        NDArray qBias,
        NDArray kBias,
        NDArray vBias,
        NDArray o,
        NDArray oBias,
        NDArray postNorm,
        NDArray gate,
        NDArray up,
        NDArray down) {

    /** The non-null arrays under their Hugging Face names for layer {@code index}, in file order. */
    Map<String, NDArray> named(int index) {
        Map<String, NDArray> m = new LinkedHashMap<>();
        m.put(WeightLoader.layerName(index, "input_layernorm.weight"), inputNorm);
        m.put(WeightLoader.layerName(index, "self_attn.q_proj.weight"), q);
        m.put(WeightLoader.layerName(index, "self_attn.k_proj.weight"), k);
        m.put(WeightLoader.layerName(index, "self_attn.v_proj.weight"), v);
        m.put(WeightLoader.layerName(index, "self_attn.q_proj.bias"), qBias);
        m.put(WeightLoader.layerName(index, "self_attn.k_proj.bias"), kBias);
        m.put(WeightLoader.layerName(index, "self_attn.v_proj.bias"), vBias);
        m.put(WeightLoader.layerName(index, "self_attn.o_proj.weight"), o);
        m.put(WeightLoader.layerName(index, "self_attn.o_proj.bias"), oBias);
        m.put(WeightLoader.layerName(index, "post_attention_layernorm.weight"), postNorm);
        m.put(WeightLoader.layerName(index, "mlp.gate_proj.weight"), gate);
        m.put(WeightLoader.layerName(index, "mlp.up_proj.weight"), up);
        m.put(WeightLoader.layerName(index, "mlp.down_proj.weight"), down);
        m.values().removeIf(a -> a == null);
        return m;
    }
}
