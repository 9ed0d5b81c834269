package org.tagllm.knime.engine.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.tagllm.knime.engine.model.ForwardOptions;
import org.tagllm.knime.engine.model.KvCache;
import org.tagllm.knime.engine.model.LlamaDecoder;
import org.tagllm.knime.engine.model.PendingBackward;
import org.tagllm.knime.engine.runtime.DjlRuntime;
import org.tagllm.knime.engine.runtime.OwnedArrays;

/**
 * One stage-2 training step on the frozen-prefix path, as {@code FrozenPrefixReadout} runs it: the B × T prefix's keys
 * and values without gradients, then F function-tag vectors with gradients attending to them, and backward to those
 * vectors (recomputing the blocks in backward when the decoder does). (The head and optimizer update are a few vectors
 * wide: negligible beside the decoder.)
 */
public final class FrozenPrefixStep {

    private FrozenPrefixStep() {}

    /** Seconds for one step. */
    public static double seconds(LlamaDecoder decoder, int batch, int prefix, int functionVectors) {
        int d = decoder.config().hiddenSize();
        SplittableRandom random = new SplittableRandom(11);
        long[] ids = random.longs((long) batch * prefix, 0, decoder.config().vocabSize()).toArray();
        float[] tag = new float[batch * functionVectors * d];
        for (int i = 0; i < tag.length; i++) {
            tag[i] = (float) (0.02 * random.nextGaussian());
        }
        long start = System.nanoTime();
        try (NDManager m = DjlRuntime.newManager(decoder.device())) {
            KvCache cache = decoder.newCache(m);
            NDArray tokens = m.create(ids, new Shape(batch, prefix));
            decoder.forward(decoder.embed(tokens), ForwardOptions.defaults().withCache(cache).hiddenOnly());
            NDArray vectors = OwnedArrays.floats(m, tag, new Shape(batch, functionVectors, d));
            vectors.setRequiresGradient(true);
            try (GradientCollector collector = DjlRuntime.engine().newGradientCollector();
                    PendingBackward pending = PendingBackward.open()) {
                NDArray hidden = decoder.forward(vectors, ForwardOptions.defaults().withCache(cache).hiddenOnly())
                        .hidden();
                pending.backward(collector, hidden.mean()); // recomputing the blocks if the decoder does
            }
            vectors.getGradient().getFloat(0, 0, 0);
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
