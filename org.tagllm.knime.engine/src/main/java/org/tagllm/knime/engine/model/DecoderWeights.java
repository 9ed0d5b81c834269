package org.tagllm.knime.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.config.ModelConfig;
import org.tagllm.knime.engine.safetensors.WeightSource;

/**
 * The frozen float32 weights of a LLaMA-family decoder. The arrays are libtorch-owned copies, never require a
 * gradient and are never written to. They live in a sub-manager of the manager given to {@link #load}, which is
 * capped once loading is done: any operation that would attach a new array to it (a leak: results belong to the
 * caller's per-call manager) fails at once. {@link #close()} frees them.
 */
public final class DecoderWeights implements AutoCloseable {

    private final ModelConfig config;
    private final NDManager manager;
    private final NDArray embedTokens; // [V, d]
    private final List<LayerWeights> layers;
    private final NDArray norm; // [d]
    private final NDArray lmHead; // [V, d]; the embedding matrix itself when tied

    private DecoderWeights(ModelConfig config, NDManager manager, NDArray embedTokens, List<LayerWeights> layers,
            NDArray norm, NDArray lmHead) {
        this.config = config;
        this.manager = manager;
        this.embedTokens = embedTokens;
        this.layers = Collections.unmodifiableList(layers);
        this.norm = norm;
        this.lmHead = lmHead;
    }

    /**
     * Loads every tensor the configuration implies from {@code source}, checking each shape first.
     *
     * @param parent the weights go to a new sub-manager of this manager
     * @throws ModelFormatException naming the tensor when one is missing or has the wrong shape
     * @throws IOException          when the source fails to deliver a tensor
     */
    public static DecoderWeights load(ModelConfig config, WeightSource source, NDManager parent)
            throws IOException, ModelFormatException {
        NDManager manager = parent.newSubManager();
        try {
            WeightLoader loader = new WeightLoader(config, source, manager);
            NDArray embed = loader.embedTokens();
            List<LayerWeights> layers = new ArrayList<>();
            for (int i = 0; i < config.numLayers(); i++) {
                layers.add(loader.layer(i));
            }
            NDArray norm = loader.finalNorm();
            NDArray head = config.tieWordEmbeddings() ? embed : loader.lmHead();
            manager.cap();
            return new DecoderWeights(config, manager, embed, layers, norm, head);
        } catch (IOException | ModelFormatException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * Deterministic random weights for tests and benchmarks: projections and embeddings N(0, 0.02²), norm weights
     * 1 + N(0, 0.05²), biases N(0, 0.02²). The same configuration and seed give the same bits.
     */
    public static DecoderWeights random(ModelConfig config, long seed, NDManager parent) {
        try (RandomWeightSource source = new RandomWeightSource(config, seed)) {
            return load(config, source, parent);
        } catch (IOException | ModelFormatException e) {
            throw new IllegalStateException("random weights do not match their own configuration", e);
        }
    }

    public ModelConfig config() {
        return config;
    }

    /** Token embeddings, [V, d]. */
    public NDArray embedTokens() {
        return embedTokens;
    }

    public List<LayerWeights> layers() {
        return layers;
    }

    public LayerWeights layer(int index) {
        return layers.get(index);
    }

    /** Final RMSNorm weight, [d]. */
    public NDArray norm() {
        return norm;
    }

    /** LM head, [V, d]; the same array as {@link #embedTokens()} when the configuration ties them. */
    public NDArray lmHead() {
        return lmHead;
    }

    /** Every distinct weight array under its Hugging Face name (no {@code lm_head.weight} when tied). */
    public Map<String, NDArray> named() {
        Map<String, NDArray> m = new LinkedHashMap<>();
        m.put(WeightNames.embedTokens(), embedTokens);
        for (int i = 0; i < layers.size(); i++) {
            m.putAll(layers.get(i).named(i));
        }
        m.put(WeightNames.finalNorm(), norm);
        if (lmHead != embedTokens) {
            m.put(WeightNames.lmHead(), lmHead);
        }
        return Collections.unmodifiableMap(m);
    }

    /** The manager holding the weights (capped); constant tables of a decoder go to a sibling, not here. */
    NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
    }
}
