package org.tagllm.knime.engine.model;

import java.nio.FloatBuffer;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.tagllm.knime.engine.config.ModelConfig;
import org.tagllm.knime.engine.safetensors.DType;
import org.tagllm.knime.engine.safetensors.TensorInfo;
import org.tagllm.knime.engine.safetensors.WeightSource;

/** Float32 tensors held in memory, with the Hugging Face names written out here independently of the main code. */
final class InMemoryWeights implements WeightSource {

    private final Map<String, float[]> data = new TreeMap<>();
    private final Map<String, long[]> shapes = new HashMap<>();
    private final Map<String, DType> reportedTypes = new HashMap<>();

    /**
     * Random weights strong enough that attention is far from uniform and every term of the forward pass shows in
     * the outputs: embeddings N(0,1), projections N(0, 0.2²), norm weights 1 + N(0, 0.1²), biases N(0, 0.3²).
     */
    static InMemoryWeights random(ModelConfig c, long seed) {
        Random r = new Random(seed);
        InMemoryWeights w = new InMemoryWeights();
        int d = c.hiddenSize();
        int q = c.numHeads() * c.headDim();
        int kv = c.numKvHeads() * c.headDim();
        int inter = c.intermediateSize();
        w.put("model.embed_tokens.weight", r, 0, 1.0, c.vocabSize(), d);
        for (int i = 0; i < c.numLayers(); i++) {
            String p = "model.layers." + i + ".";
            w.put(p + "input_layernorm.weight", r, 1, 0.1, d);
            w.put(p + "self_attn.q_proj.weight", r, 0, 0.2, q, d);
            w.put(p + "self_attn.k_proj.weight", r, 0, 0.2, kv, d);
            w.put(p + "self_attn.v_proj.weight", r, 0, 0.2, kv, d);
            if (c.qkvBias()) {
                w.put(p + "self_attn.q_proj.bias", r, 0, 0.3, q);
                w.put(p + "self_attn.k_proj.bias", r, 0, 0.3, kv);
                w.put(p + "self_attn.v_proj.bias", r, 0, 0.3, kv);
            }
            w.put(p + "self_attn.o_proj.weight", r, 0, 0.2, d, q);
            if (c.outputBias()) {
                w.put(p + "self_attn.o_proj.bias", r, 0, 0.3, d);
            }
            w.put(p + "post_attention_layernorm.weight", r, 1, 0.1, d);
            w.put(p + "mlp.gate_proj.weight", r, 0, 0.2, inter, d);
            w.put(p + "mlp.up_proj.weight", r, 0, 0.2, inter, d);
            w.put(p + "mlp.down_proj.weight", r, 0, 0.2, d, inter);
        }
        w.put("model.norm.weight", r, 1, 0.1, d);
        if (!c.tieWordEmbeddings()) {
            w.put("lm_head.weight", r, 0, 0.2, c.vocabSize(), d);
        }
        return w;
    }

    private void put(String name, Random r, double mean, double std, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (mean + std * r.nextGaussian());
        }
        put(name, shape, v);
    }

    void put(String name, long[] shape, float[] values) {
        data.put(name, values);
        shapes.put(name, shape.clone());
    }

    void remove(String name) {
        data.remove(name);
        shapes.remove(name);
    }

    /** Makes {@link #info} report another on-disk dtype (the data still arrives as float32, as the interface says). */
    void reportType(String name, DType type) {
        reportedTypes.put(name, type);
    }

    /** The tensor's values (not a copy). */
    float[] get(String name) {
        float[] v = data.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no tensor " + name);
        }
        return v;
    }

    List<String> tensorNames() {
        return List.copyOf(data.keySet());
    }

    @Override
    public SortedSet<String> names() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(data.keySet()));
    }

    @Override
    public TensorInfo info(String name) {
        long[] shape = shapes.get(name);
        if (shape == null) {
            return null;
        }
        DType type = reportedTypes.getOrDefault(name, DType.F32);
        return new TensorInfo(name, type, shape, 0, (long) data.get(name).length * type.bytes());
    }

    @Override
    public FloatBuffer readFloats(String name) {
        return FloatBuffer.wrap(get(name)).asReadOnlyBuffer();
    }

    @Override
    public void close() {}
}
