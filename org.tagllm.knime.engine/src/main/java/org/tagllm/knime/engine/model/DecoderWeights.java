package org.tagllm.knime.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.SparseFormat;
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
 * The frozen weights of a LLaMA-family decoder, kept as {@link WeightPrecision} says: all float32 in libtorch memory,
 * or 16-bit projections and embeddings left in their mapped files and widened per use ({@link #layer(int, NDManager)},
 * {@link #lookup}, {@link #lmHead(NDManager)}). The arrays are libtorch-owned copies, never require a
 * gradient and are never written to. They live in a sub-manager of the manager given to {@link #load}, which is
 * capped once loading is done: any operation that would attach a new array to it (a leak: results belong to the
 * caller's per-call manager) fails at once. {@link #close()} frees them.
 */
public final class DecoderWeights implements AutoCloseable {

    private final ModelConfig config;
    private final NDManager manager;
    private final FrozenMatrix embedTokens; // [V, d]
    private final List<StoredLayer> layers;
    private final NDArray norm; // [d]
    private final FrozenMatrix lmHead; // [V, d]; the embedding matrix itself when tied

    private DecoderWeights(ModelConfig config, NDManager manager, FrozenMatrix embedTokens, List<StoredLayer> layers,
            NDArray norm, FrozenMatrix lmHead) {
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
        return load(config, source, parent, WeightPrecision.FLOAT32);
    }

    /**
     * Loads as {@link #load(ModelConfig, WeightSource, NDManager)}, keeping 16-bit matrices in their files when
     * {@code precision} is {@link WeightPrecision#STORED} and the source can map them.
     */
    public static DecoderWeights load(ModelConfig config, WeightSource source, NDManager parent,
            WeightPrecision precision) throws IOException, ModelFormatException {
        NDManager manager = parent.newSubManager();
        try {
            WeightLoader loader = new WeightLoader(config, source, manager, precision);
            FrozenMatrix embed = loader.embedTokens();
            List<StoredLayer> layers = new ArrayList<>();
            for (int i = 0; i < config.numLayers(); i++) {
                layers.add(loader.layer(i));
            }
            NDArray norm = loader.finalNorm();
            FrozenMatrix head = config.tieWordEmbeddings() ? embed : loader.lmHead();
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

    /** Whether every matrix is a resident float32 array (always so with {@link WeightPrecision#FLOAT32}). */
    public boolean allResident() {
        return embedTokens instanceof FrozenMatrix.Resident && lmHead instanceof FrozenMatrix.Resident
                && layers.stream().allMatch(l -> l.resident() != null);
    }

    /** Bytes the weights hold while loaded: float32 arrays at 4 bytes per parameter, mapped 16-bit ones at 2. */
    public long bytes() {
        long n = embedTokens.bytes() + norm.size() * Float.BYTES + (lmHead == embedTokens ? 0 : lmHead.bytes());
        for (StoredLayer l : layers) {
            n += l.bytes();
        }
        return n;
    }

    /** Token embeddings, [V, d]; only when {@link #allResident()}. */
    public NDArray embedTokens() {
        return resident(embedTokens);
    }

    /** Every layer's resident arrays; only when {@link #allResident()}. */
    public List<LayerWeights> layers() {
        List<LayerWeights> all = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            all.add(layer(i));
        }
        return Collections.unmodifiableList(all);
    }

    /** One layer's resident arrays; only when {@link #allResident()}. */
    public LayerWeights layer(int index) {
        LayerWeights w = layers.get(index).resident();
        if (w == null) {
            throw new IllegalStateException("layer " + index + " is kept at stored precision; use layer(i, scope)");
        }
        return w;
    }

    /**
     * One layer's float32 weights for a forward pass: resident arrays as they are, 16-bit matrices widened into
     * {@code scope} (close it after the layer; autograd keeps what backward needs).
     */
    public LayerWeights layer(int index, NDManager scope) {
        return layers.get(index).in(scope);
    }

    /** Embedding rows for [B, T] int64 ids, as [B, T, d] float32 in the ids' manager. */
    public NDArray lookup(NDArray tokenIds) {
        if (embedTokens instanceof HalfMatrix half) {
            long[] shape = tokenIds.getShape().getShape();
            return half.rows(tokenIds.toLongArray(), tokenIds.getManager())
                    .reshape(shape[0], shape[1], config.hiddenSize());
        }
        return tokenIds.getNDArrayInternal().embedding(tokenIds, embedTokens(), SparseFormat.DENSE)
                .singletonOrThrow();
    }

    /** The LM head [V, d] as float32 for one use, widened into {@code scope} when it is kept at half precision. */
    public NDArray lmHead(NDManager scope) {
        return lmHead.widen(scope);
    }

    private static NDArray resident(FrozenMatrix m) {
        if (m instanceof FrozenMatrix.Resident r) {
            return r.array();
        }
        throw new IllegalStateException("this matrix is kept at stored precision and widened per use");
    }

    /** Final RMSNorm weight, [d]. */
    public NDArray norm() {
        return norm;
    }

    /** LM head, [V, d]; the same array as {@link #embedTokens()} when tied; only when {@link #allResident()}. */
    public NDArray lmHead() {
        return resident(lmHead);
    }

    /** Every distinct weight array under its Hugging Face name (no {@code lm_head.weight} when tied). */
    public Map<String, NDArray> named() {
        Map<String, NDArray> m = new LinkedHashMap<>();
        m.put(WeightNames.embedTokens(), embedTokens());
        for (int i = 0; i < layers.size(); i++) {
            m.putAll(layer(i).named(i));
        }
        m.put(WeightNames.finalNorm(), norm);
        if (lmHead != embedTokens) {
            m.put(WeightNames.lmHead(), lmHead());
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
