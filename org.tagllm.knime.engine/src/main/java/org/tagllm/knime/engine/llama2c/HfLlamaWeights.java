package org.tagllm.knime.engine.llama2c;

import java.io.IOException;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.safetensors.SafetensorsWriter;

/**
 * Maps a llama2.c checkpoint's tensors onto Hugging Face LLaMA names, converting q and k to HF's rotary layout.
 * Everything else is copied as it is: both store {@code Linear} weights as {@code [out, in]}, and both RMSNorms
 * multiply by the weight itself.
 */
final class HfLlamaWeights {

    /** Metadata key and value marking a safetensors file as written by this importer. */
    static final String SOURCE_KEY = "converted_from";
    static final String SOURCE_VALUE = "llama2.c";

    private HfLlamaWeights() {}

    /** All tensors of {@code checkpoint}, read into memory, under their HF names. */
    static SafetensorsWriter of(Llama2cCheckpoint checkpoint) throws IOException, ModelFormatException {
        Llama2cHeader h = checkpoint.header();
        SafetensorsWriter out = new SafetensorsWriter().metadata("format", "pt").metadata(SOURCE_KEY, SOURCE_VALUE);
        put(out, checkpoint, "model.embed_tokens.weight", Llama2cTensor.TOKEN_EMBEDDING, 0);
        for (int i = 0; i < h.numLayers(); i++) {
            String p = "model.layers." + i + ".";
            put(out, checkpoint, p + "input_layernorm.weight", Llama2cTensor.ATTENTION_NORM, i);
            out.put(p + "self_attn.q_proj.weight", Llama2cTensor.WQ.shape(h), RotaryLayout.adjacentPairsToHalfSplit(
                    checkpoint.read(Llama2cTensor.WQ, i), h.numHeads(), h.headSize(), h.dim()));
            out.put(p + "self_attn.k_proj.weight", Llama2cTensor.WK.shape(h), RotaryLayout.adjacentPairsToHalfSplit(
                    checkpoint.read(Llama2cTensor.WK, i), h.numKvHeads(), h.headSize(), h.dim()));
            put(out, checkpoint, p + "self_attn.v_proj.weight", Llama2cTensor.WV, i);
            put(out, checkpoint, p + "self_attn.o_proj.weight", Llama2cTensor.WO, i);
            put(out, checkpoint, p + "post_attention_layernorm.weight", Llama2cTensor.FFN_NORM, i);
            put(out, checkpoint, p + "mlp.gate_proj.weight", Llama2cTensor.W1, i);
            put(out, checkpoint, p + "mlp.down_proj.weight", Llama2cTensor.W2, i);
            put(out, checkpoint, p + "mlp.up_proj.weight", Llama2cTensor.W3, i);
        }
        put(out, checkpoint, "model.norm.weight", Llama2cTensor.FINAL_NORM, 0);
        if (!h.sharedClassifier()) {
            put(out, checkpoint, "lm_head.weight", Llama2cTensor.CLASSIFIER, 0);
        }
        return out;
    }

    private static void put(SafetensorsWriter out, Llama2cCheckpoint checkpoint, String name, Llama2cTensor tensor,
            int layer) throws IOException, ModelFormatException {
        out.put(name, tensor.shape(checkpoint.header()), checkpoint.read(tensor, layer));
    }
}
