package org.tagllm.knime.engine.tags;

import java.nio.FloatBuffer;
import org.tagllm.knime.engine.config.ModelConfig;
import org.tagllm.knime.engine.model.EditedWeights;
import org.tagllm.knime.engine.model.LlamaDecoder;
import org.tagllm.knime.engine.model.RandomWeightSource;
import org.tagllm.knime.engine.model.WeightNames;

/**
 * Random weights whose untied LM head is scaled up, so that a tiny random decoder's logits span a few units as a
 * trained model's do (with N(0, 0.02²) weights they stay within about ±0.1, and no input can move the next-token
 * loss far from ln V).
 */
final class ScaledHeadWeights {

    private ScaledHeadWeights() {}

    static LlamaDecoder decoder(ModelConfig config, long seed, float factor) {
        if (config.tieWordEmbeddings()) {
            throw new IllegalArgumentException("needs an untied LM head");
        }
        try (EditedWeights source = new EditedWeights(new RandomWeightSource(config, seed), WeightNames.lmHead(),
                values -> scaled(values, factor))) {
            return LlamaDecoder.load(config, source);
        } catch (Exception e) {
            throw new IllegalStateException("random weights failed to load", e);
        }
    }

    private static FloatBuffer scaled(FloatBuffer values, float factor) {
        float[] scaled = new float[values.remaining()];
        values.get(scaled);
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] *= factor;
        }
        return FloatBuffer.wrap(scaled);
    }
}
