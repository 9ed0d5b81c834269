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
        m.put(WeightNames.inputLayernorm(index), inputNorm);
        m.put(WeightNames.qProj(index), q);
        m.put(WeightNames.kProj(index), k);
        m.put(WeightNames.vProj(index), v);
        m.put(WeightNames.qProjBias(index), qBias);
        m.put(WeightNames.kProjBias(index), kBias);
        m.put(WeightNames.vProjBias(index), vBias);
        m.put(WeightNames.oProj(index), o);
        m.put(WeightNames.oProjBias(index), oBias);
        m.put(WeightNames.postAttentionLayernorm(index), postNorm);
        m.put(WeightNames.gateProj(index), gate);
        m.put(WeightNames.upProj(index), up);
        m.put(WeightNames.downProj(index), down);
        m.values().removeIf(a -> a == null);
        return m;
    }
}
