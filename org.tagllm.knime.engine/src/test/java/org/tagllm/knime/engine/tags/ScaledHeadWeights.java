package org.tagllm.knime.engine.tags;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.SortedSet;
import org.tagllm.knime.engine.config.ModelConfig;
import org.tagllm.knime.engine.model.LlamaDecoder;
import org.tagllm.knime.engine.model.RandomWeightSource;
import org.tagllm.knime.engine.model.WeightNames;
import org.tagllm.knime.engine.safetensors.TensorInfo;
import org.tagllm.knime.engine.safetensors.WeightSource;

/**
 * Random weights whose untied LM head is scaled up, so that a tiny random decoder's logits span a few units as a
 * trained model's do (with N(0, 0.02²) weights they stay within about ±0.1, and no input can move the next-token
 * loss far from ln V).
 */
final class ScaledHeadWeights implements WeightSource {

    private final RandomWeightSource random;
    private final float factor;

    private ScaledHeadWeights(ModelConfig config, long seed, float factor) {
        this.random = new RandomWeightSource(config, seed);
        this.factor = factor;
    }

    static LlamaDecoder decoder(ModelConfig config, long seed, float factor) {
        if (config.tieWordEmbeddings()) {
            throw new IllegalArgumentException("needs an untied LM head");
        }
        try (ScaledHeadWeights source = new ScaledHeadWeights(config, seed, factor)) {
            return LlamaDecoder.load(config, source);
        } catch (Exception e) {
            throw new IllegalStateException("random weights failed to load", e);
        }
    }

    @Override
    public SortedSet<String> names() {
        return random.names();
    }

    @Override
    public TensorInfo info(String name) {
        return random.info(name);
    }

    @Override
    public FloatBuffer readFloats(String name) throws IOException {
        FloatBuffer values = random.readFloats(name);
        if (!name.equals(WeightNames.lmHead())) {
            return values;
        }
        float[] scaled = new float[values.remaining()];
        values.get(scaled);
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] *= factor;
        }
        return FloatBuffer.wrap(scaled);
    }

    @Override
    public void close() throws IOException {
        random.close();
    }
}
