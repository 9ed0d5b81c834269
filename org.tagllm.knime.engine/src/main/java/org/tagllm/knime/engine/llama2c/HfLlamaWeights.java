package org.tagllm.knime.engine.llama2c;

import java.io.IOException;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.model.WeightNames;
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
        put(out, checkpoint, WeightNames.embedTokens(), Llama2cTensor.TOKEN_EMBEDDING, 0);
        for (int i = 0; i < h.numLayers(); i++) {
            put(out, checkpoint, WeightNames.inputLayernorm(i), Llama2cTensor.ATTENTION_NORM, i);
            out.put(WeightNames.qProj(i), Llama2cTensor.WQ.shape(h), RotaryLayout.adjacentPairsToHalfSplit(
                    checkpoint.read(Llama2cTensor.WQ, i), h.numHeads(), h.headSize(), h.dim()));
            out.put(WeightNames.kProj(i), Llama2cTensor.WK.shape(h), RotaryLayout.adjacentPairsToHalfSplit(
                    checkpoint.read(Llama2cTensor.WK, i), h.numKvHeads(), h.headSize(), h.dim()));
            put(out, checkpoint, WeightNames.vProj(i), Llama2cTensor.WV, i);
            put(out, checkpoint, WeightNames.oProj(i), Llama2cTensor.WO, i);
            put(out, checkpoint, WeightNames.postAttentionLayernorm(i), Llama2cTensor.FFN_NORM, i);
            put(out, checkpoint, WeightNames.gateProj(i), Llama2cTensor.W1, i);
            put(out, checkpoint, WeightNames.downProj(i), Llama2cTensor.W2, i);
            put(out, checkpoint, WeightNames.upProj(i), Llama2cTensor.W3, i);
        }
        put(out, checkpoint, WeightNames.finalNorm(), Llama2cTensor.FINAL_NORM, 0);
        if (!h.sharedClassifier()) {
            put(out, checkpoint, WeightNames.lmHead(), Llama2cTensor.CLASSIFIER, 0);
        }
        return out;
    }

    private static void put(SafetensorsWriter out, Llama2cCheckpoint checkpoint, String name, Llama2cTensor tensor,
            int layer) throws IOException, ModelFormatException {
        out.put(name, tensor.shape(checkpoint.header()), checkpoint.read(tensor, layer));
    }
}
