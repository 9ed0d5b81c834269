package org.tagllm.knime.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.tagllm.knime.engine.config.ModelConfig;
import org.tagllm.knime.engine.runtime.DjlRuntime;

/** A decoder on in-memory random weights, with the weights kept for the reference. */
final class Fixtures implements AutoCloseable {

    final ModelConfig config;
    final InMemoryWeights weights;
    final LlamaDecoder decoder;
    final ReferenceDecoder reference;

    Fixtures(TestModels model, long seed) {
        this.config = model.config;
        this.weights = InMemoryWeights.random(config, seed);
        try {
            this.decoder = LlamaDecoder.load(config, weights);
        } catch (Exception e) {
            throw new AssertionError("loading the in-memory weights failed", e);
        }
        this.reference = new ReferenceDecoder(config, weights);
    }

    /** A per-call manager, as a training step or generation step would use. */
    static NDManager callManager() {
        return DjlRuntime.newManager();
    }

    /** {@code n} token ids in [1, vocab), drawn from {@code seed}; 0 is kept for padding. */
    long[] tokens(int n, long seed) {
        Random r = new Random(seed);
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = 1 + r.nextInt(config.vocabSize() - 1);
        }
        return ids;
    }

    /** [1, T] int64 ids. */
    static NDArray ids(NDManager m, long[] ids) {
        return m.create(ids, new Shape(1, ids.length));
    }

    @Override
    public void close() {
        decoder.close();
    }
}
