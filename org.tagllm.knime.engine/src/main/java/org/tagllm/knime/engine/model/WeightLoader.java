package org.tagllm.knime.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.config.ModelConfig;
import org.tagllm.knime.engine.safetensors.TensorInfo;
import org.tagllm.knime.engine.safetensors.WeightSource;

/**
 * Reads one decoder's tensors from a {@link WeightSource} by their Hugging Face names, checking each shape against
 * the configuration before reading it. Tensors the decoder does not use (e.g. {@code rotary_emb.inv_freq}, or
 * {@code lm_head.weight} of a tied model) are ignored.
 */
final class WeightLoader {

    private final Map<String, long[]> expected;
    private final WeightSource source;
    private final NDManager manager;

    WeightLoader(ModelConfig config, WeightSource source, NDManager manager) {
        this.expected = expectedShapes(config);
        this.source = source;
        this.manager = manager;
    }

    NDArray embedTokens() throws IOException, ModelFormatException {
        return read(embedTokensName());
    }

    NDArray finalNorm() throws IOException, ModelFormatException {
        return read(finalNormName());
    }

    NDArray lmHead() throws IOException, ModelFormatException {
        return read(lmHeadName());
    }

    LayerWeights layer(int i) throws IOException, ModelFormatException {
        return new LayerWeights(
                read(layerName(i, "input_layernorm.weight")),
                read(layerName(i, "self_attn.q_proj.weight")),
                read(layerName(i, "self_attn.k_proj.weight")),
                read(layerName(i, "self_attn.v_proj.weight")),
                readIfExpected(layerName(i, "self_attn.q_proj.bias")),
                readIfExpected(layerName(i, "self_attn.k_proj.bias")),
                readIfExpected(layerName(i, "self_attn.v_proj.bias")),
                read(layerName(i, "self_attn.o_proj.weight")),
                readIfExpected(layerName(i, "self_attn.o_proj.bias")),
                read(layerName(i, "post_attention_layernorm.weight")),
                read(layerName(i, "mlp.gate_proj.weight")),
                read(layerName(i, "mlp.up_proj.weight")),
                read(layerName(i, "mlp.down_proj.weight")));
    }

    /**
     * Every tensor the configuration implies, with its shape, in Hugging Face's file order. d = hidden, H = heads,
     * K = kv heads, hd = head dim, I = intermediate, V = vocab.
     */
    static Map<String, long[]> expectedShapes(ModelConfig c) {
        long d = c.hiddenSize();
        long q = (long) c.numHeads() * c.headDim();
        long kv = (long) c.numKvHeads() * c.headDim();
        long inter = c.intermediateSize();
        Map<String, long[]> m = new LinkedHashMap<>();
        m.put(embedTokensName(), new long[] {c.vocabSize(), d});
        for (int i = 0; i < c.numLayers(); i++) {
            m.put(layerName(i, "input_layernorm.weight"), new long[] {d});
            m.put(layerName(i, "self_attn.q_proj.weight"), new long[] {q, d});
            m.put(layerName(i, "self_attn.k_proj.weight"), new long[] {kv, d});
            m.put(layerName(i, "self_attn.v_proj.weight"), new long[] {kv, d});
            if (c.qkvBias()) {
                m.put(layerName(i, "self_attn.q_proj.bias"), new long[] {q});
                m.put(layerName(i, "self_attn.k_proj.bias"), new long[] {kv});
                m.put(layerName(i, "self_attn.v_proj.bias"), new long[] {kv});
            }
            m.put(layerName(i, "self_attn.o_proj.weight"), new long[] {d, q});
            if (c.outputBias()) {
                m.put(layerName(i, "self_attn.o_proj.bias"), new long[] {d});
            }
            m.put(layerName(i, "post_attention_layernorm.weight"), new long[] {d});
            m.put(layerName(i, "mlp.gate_proj.weight"), new long[] {inter, d});
            m.put(layerName(i, "mlp.up_proj.weight"), new long[] {inter, d});
            m.put(layerName(i, "mlp.down_proj.weight"), new long[] {d, inter});
        }
        m.put(finalNormName(), new long[] {d});
        if (!c.tieWordEmbeddings()) {
            m.put(lmHeadName(), new long[] {c.vocabSize(), d});
        }
        return m;
    }

    private NDArray readIfExpected(String name) throws IOException, ModelFormatException {
        return expected.containsKey(name) ? read(name) : null;
    }

    /** Reads a tensor as a libtorch-owned float32 array after checking that it exists with the expected shape. */
    private NDArray read(String name) throws IOException, ModelFormatException {
        long[] expected = this.expected.get(name);
        TensorInfo info = source.info(name);
        if (info == null) {
            throw new ModelFormatException("tensor " + name + " is missing (expected shape "
                    + Arrays.toString(expected) + ")");
        }
        if (!Arrays.equals(info.shape(), expected)) {
            throw new ModelFormatException("tensor " + name + " has shape " + Arrays.toString(info.shape())
                    + " but the configuration implies " + Arrays.toString(expected));
        }
        FloatBuffer data;
        try {
            data = source.readFloats(name);
        } catch (IOException e) {
            throw new IOException("reading tensor " + name + " failed: " + e.getMessage(), e);
        }
        long count = new Shape(expected).size();
        if (data.remaining() != count) {
            throw new ModelFormatException("tensor " + name + " delivered " + data.remaining()
                    + " elements but its shape " + Arrays.toString(expected) + " holds " + count);
        }
        NDArray array = NativeArrays.floats(manager, data, new Shape(expected));
        array.setName(name);
        return array;
    }

    // Hugging Face tensor names (to be unified with model.WeightNames at merge).

    static String embedTokensName() {
        return "model.embed_tokens.weight";
    }

    static String finalNormName() {
        return "model.norm.weight";
    }

    static String lmHeadName() {
        return "lm_head.weight";
    }

    static String layerName(int layer, String suffix) {
        return "model.layers." + layer + "." + suffix;
    }
}
