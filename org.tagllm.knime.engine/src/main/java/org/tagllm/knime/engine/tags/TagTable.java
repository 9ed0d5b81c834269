package org.tagllm.knime.engine.tags;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tagllm.knime.engine.model.LlamaDecoder;
import org.tagllm.knime.engine.runtime.DjlRuntime;
import org.tagllm.knime.engine.runtime.OwnedArrays;
import org.tagllm.knime.engine.tensor.FloatTensor;

/**
 * The tags of one base model: for each tag a float32 [p, d] matrix in a long-lived manager the table owns, trainable
 * ({@code requiresGradient}) or frozen per tag.
 *
 * <p><b>Initialisation</b> (as the official code): every row of a new tag is the mean of the model's vocabulary
 * embeddings, rescaled to their mean norm ({@link EmbeddingStatistics#tagInitialRow()}), so all p rows, and all new
 * tags, start identical. The official code adds no noise (train.py: {@code torch.stack([avg_emb * NORM_RATIO] *
 * num_new_tokens)}); the rows become different through their different positions in the input.
 *
 * <p><b>Scopes.</b> Operations whose first operand is a tag array put their result into this table's manager, which
 * lives as long as the table: the splice therefore always starts from arrays of the call's manager. A gradient
 * handle obtained with {@code vectors(name).getGradient()} also lands here; close it after use.
 */
public final class TagTable implements AutoCloseable {

    private final NDManager manager;
    private final int hiddenSize;
    private final EmbeddingStatistics statistics;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private record Entry(TagSpec spec, NDArray vectors) {}

    private TagTable(int hiddenSize, EmbeddingStatistics statistics, Device device) {
        this.hiddenSize = hiddenSize;
        this.statistics = statistics;
        this.manager = DjlRuntime.newManager(device);
    }

    /** An empty table for {@code decoder}'s model; reads its embedding matrix once for the initialisation. */
    public static TagTable create(LlamaDecoder decoder) {
        return new TagTable(decoder.config().hiddenSize(), EmbeddingStatistics.of(decoder), decoder.device());
    }

    /** An empty table for a model of width d whose embedding statistics are known. */
    public static TagTable create(EmbeddingStatistics statistics) {
        return new TagTable(statistics.mean().length, statistics, Device.cpu());
    }

    /** Where the tag vectors live (the decoder's device). */
    public Device device() {
        return manager.getDevice();
    }

    /** d, the model width. */
    public int hiddenSize() {
        return hiddenSize;
    }

    public EmbeddingStatistics statistics() {
        return statistics;
    }

    /**
     * Adds a new tag with the paper's initialisation.
     *
     * @throws IllegalArgumentException when a tag of that name exists
     */
    public synchronized void add(TagSpec spec, boolean trainable) {
        float[] row = statistics.tagInitialRow();
        float[] data = new float[spec.vectors() * hiddenSize];
        for (int r = 0; r < spec.vectors(); r++) {
            System.arraycopy(row, 0, data, r * hiddenSize, hiddenSize);
        }
        insert(spec, data, trainable);
    }

    /**
     * Adds a tag with given vectors (e.g. from a tag bank).
     *
     * @param vectors the tensor {@code tag.<Name>} of {@code spec}, shape [p, d]
     * @throws IllegalArgumentException when the shape does not match {@code spec} and this model, or the tag exists
     */
    public synchronized void put(TagSpec spec, FloatTensor vectors, boolean trainable) {
        vectors.requireShape(spec.tensorName(), spec.vectors(), hiddenSize);
        insert(spec, vectors.values(), trainable);
    }

    private void insert(TagSpec spec, float[] data, boolean trainable) {
        if (entries.containsKey(spec.name())) {
            throw new IllegalArgumentException("tag " + spec.name() + " is already in the table");
        }
        NDArray array = OwnedArrays.floats(manager, data, new Shape(spec.vectors(), hiddenSize));
        array.setName(spec.tensorName());
        array.setRequiresGradient(trainable);
        entries.put(spec.name(), new Entry(spec, array));
    }

    /** Removes a tag and frees its vectors. */
    public synchronized void remove(String name) {
        entry(name).vectors().close();
        entries.remove(name);
    }

    public synchronized boolean contains(String name) {
        return entries.containsKey(name);
    }

    public synchronized TagSpec spec(String name) {
        return entry(name).spec();
    }

    /** The tags in insertion order. */
    public synchronized List<TagSpec> specs() {
        List<TagSpec> specs = new ArrayList<>();
        entries.values().forEach(e -> specs.add(e.spec()));
        return Collections.unmodifiableList(specs);
    }

    /** The tag's [p, d] vectors, owned by the table (an optimiser updates them in place). */
    public synchronized NDArray vectors(String name) {
        return entry(name).vectors();
    }

    public synchronized boolean isTrainable(String name) {
        return entry(name).vectors().hasGradient();
    }

    /** Freezes or unfreezes a tag; a frozen tag receives no gradient. */
    public synchronized void setTrainable(String name, boolean trainable) {
        entry(name).vectors().setRequiresGradient(trainable);
    }

    /** Whether any tag trains (checked every training step: no list is built). */
    public synchronized boolean hasTrainable() {
        return entries.values().stream().anyMatch(e -> e.vectors().hasGradient());
    }

    /** The vectors of every trainable tag, in insertion order. */
    public synchronized List<NDArray> trainableParameters() {
        List<NDArray> out = new ArrayList<>();
        entries.values().forEach(e -> {
            if (e.vectors().hasGradient()) {
                out.add(e.vectors());
            }
        });
        return Collections.unmodifiableList(out);
    }

    /** The tag's vectors as {@code tag.<Name>} [p, d]. */
    public synchronized FloatTensor export(String name) {
        Entry e = entry(name);
        return new FloatTensor(e.vectors().toFloatArray(), new long[] {e.spec().vectors(), hiddenSize});
    }

    private Entry entry(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw new IllegalArgumentException("no tag " + name + " in the table; it holds " + entries.keySet());
        }
        return e;
    }

    @Override
    public synchronized void close() {
        entries.clear();
        manager.close();
    }
}
