package org.tagllm.knime.engine.tags;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tagllm.knime.engine.model.LlamaDecoder;
import org.tagllm.knime.engine.runtime.OwnedArrays;

/**
 * B tagged sequences padded to a common length T, as plain Java arrays (row-major [B, T]); the {@code ...Array}
 * methods copy them into libtorch-owned arrays of a call's manager. The readout is located per example (the official
 * code used one offset for the whole batch, which is right only when every input has the same length).
 *
 * <p>Coordinates: position t of example b sits at column {@code offset(b) + t}, where the offset is the example's
 * left padding ({@code T - length} with {@link Padding#LEFT}, 0 with {@link Padding#RIGHT}).
 */
public final class TagBatch {

    /** Where the pads go. */
    public enum Padding {
        /** Pads first: every example ends at column T - 1 (its function tag lands at the same columns). */
        LEFT,
        /** Pads last. */
        RIGHT
    }

    /** The LM target at columns without one (tags, pads, the prompt), as in PyTorch's cross-entropy. */
    public static final long IGNORE = -100;

    private final List<TaggedSequence> sequences;
    private final Padding padding;
    private final int batch; // B
    private final int steps; // T
    private final int[] offsets; // [B]
    private final long[] ids; // [B, T], placeholder at tags and pads
    private final float[] paddingMask; // [B, T], 1 = real
    private final boolean padded;
    private final long[] lmTargets; // [B, T], the id column t must predict, or IGNORE
    private final int[] readouts; // [B], -1 without a function tag
    private final List<String> tagNames; // tags used by the batch, in order of first use
    private final Map<String, TagSpec> tagSpecs;
    private final int[] tagIndex; // [B, T], index into tagNames or -1
    private final int[] tagRows; // [B, T], row of the tag's matrix or -1

    private TagBatch(List<TaggedSequence> sequences, Padding padding) {
        this.sequences = List.copyOf(sequences);
        this.padding = padding;
        this.batch = sequences.size();
        this.steps = sequences.stream().mapToInt(TaggedSequence::length).max().orElse(0);
        this.offsets = new int[batch];
        this.ids = new long[batch * steps];
        this.paddingMask = new float[batch * steps];
        this.lmTargets = new long[batch * steps];
        this.readouts = new int[batch];
        this.tagIndex = new int[batch * steps];
        this.tagRows = new int[batch * steps];
        this.tagSpecs = new LinkedHashMap<>();
        Arrays.fill(ids, TaggedSequence.PLACEHOLDER_ID);
        Arrays.fill(lmTargets, IGNORE);
        Arrays.fill(tagIndex, -1);
        Arrays.fill(tagRows, -1);
        List<String> names = new ArrayList<>();
        boolean anyPad = false;
        for (int b = 0; b < batch; b++) {
            TaggedSequence s = this.sequences.get(b);
            int offset = padding == Padding.LEFT ? steps - s.length() : 0;
            anyPad |= s.length() < steps;
            offsets[b] = offset;
            for (Map.Entry<String, TagSpec> e : s.tags().entrySet()) {
                TagSpec known = tagSpecs.putIfAbsent(e.getKey(), e.getValue());
                if (known == null) {
                    names.add(e.getKey());
                } else if (!known.equals(e.getValue())) {
                    throw new IllegalArgumentException("example " + b + " uses tag " + e.getValue()
                            + " but an earlier example uses " + known);
                }
            }
            for (int t = 0; t < s.length(); t++) {
                int column = b * steps + offset + t;
                ids[column] = s.tokenId(t);
                paddingMask[column] = 1;
                if (s.tagAt(t) != null) {
                    tagIndex[column] = names.indexOf(s.tagAt(t));
                    tagRows[column] = s.tagRow(t);
                }
                if (s.isLossTarget(t)) {
                    lmTargets[column - 1] = s.tokenId(t); // predicted from the position before
                }
            }
            readouts[b] = s.readout() < 0 ? -1 : offset + s.readout();
        }
        this.padded = anyPad;
        this.tagNames = List.copyOf(names);
    }

    /**
     * Pads {@code sequences} into one batch.
     *
     * @throws IllegalArgumentException when the list is empty or two examples disagree about a tag
     */
    public static TagBatch of(List<TaggedSequence> sequences, Padding padding) {
        if (sequences.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one sequence");
        }
        return new TagBatch(sequences, padding);
    }

    public List<TaggedSequence> sequences() {
        return sequences;
    }

    public TaggedSequence sequence(int b) {
        return sequences.get(b);
    }

    public Padding padding() {
        return padding;
    }

    /** B. */
    public int batchSize() {
        return batch;
    }

    /** T. */
    public int steps() {
        return steps;
    }

    /** Column of example {@code b}'s first position. */
    public int offset(int b) {
        return offsets[b];
    }

    /** Whether any example is shorter than T. */
    public boolean isPadded() {
        return padded;
    }

    /** Token ids [B, T], {@link TaggedSequence#PLACEHOLDER_ID} at tags and pads. */
    public long[] ids() {
        return ids.clone();
    }

    /** [B, T], 1 at real positions, 0 at pads. */
    public float[] paddingMask() {
        return paddingMask.clone();
    }

    /** [B, T]: the id the LM head at column t must predict (the next position's token), or {@link #IGNORE}. */
    public long[] lmTargets() {
        return lmTargets.clone();
    }

    /** Number of LM targets in the batch. */
    public int lmTargetCount() {
        int n = 0;
        for (long t : lmTargets) {
            n += t == IGNORE ? 0 : 1;
        }
        return n;
    }

    /** [B]: the column of each example's last function-tag vector, -1 for an example without a function tag. */
    public int[] readouts() {
        return readouts.clone();
    }

    /** The tags used by the batch, in order of first use. */
    public List<String> tagNames() {
        return tagNames;
    }

    public TagSpec tagSpec(String name) {
        return tagSpecs.get(name);
    }

    /** [B, T]: index into {@link #tagNames()} of the tag at each column, -1 at tokens and pads. */
    public int[] tagIndex() {
        return tagIndex.clone();
    }

    /** [B, T]: which vector of its tag each column holds, -1 at tokens and pads. */
    public int[] tagRows() {
        return tagRows.clone();
    }

    /** Whether any example has an isolated segment. */
    public boolean hasIsolatedSegments() {
        return sequences.stream().anyMatch(s -> !s.isolatedSegments().isEmpty());
    }

    /** Ids [B, T] int64 in {@code manager}. */
    public NDArray idsArray(NDManager manager) {
        return OwnedArrays.longs(manager, ids, new Shape(batch, steps));
    }

    /** Padding mask [B, T] float32 (1 = real) in {@code manager}; null when no example is padded. */
    public NDArray paddingMaskArray(NDManager manager) {
        return padded ? OwnedArrays.floats(manager, paddingMask, new Shape(batch, steps)) : null;
    }

    /** LM targets [B, T] int64 with {@link #IGNORE}, in {@code manager}. */
    public NDArray lmTargetsArray(NDManager manager) {
        return OwnedArrays.longs(manager, lmTargets, new Shape(batch, steps));
    }

    /**
     * The segment-isolation mask [B, 1, T, T] float32 in {@code manager}: {@link LlamaDecoder#MASKED} where a query
     * inside an isolated segment meets a key before the segment's start, 0 elsewhere (causality and padding are the
     * decoder's business). Null when no example has an isolated segment.
     */
    public NDArray isolationMaskArray(NDManager manager) {
        if (!hasIsolatedSegments()) {
            return null;
        }
        float[] mask = new float[batch * steps * steps];
        for (int b = 0; b < batch; b++) {
            for (TaggedSequence.Span span : sequences.get(b).isolatedSegments()) {
                int start = offsets[b] + span.start();
                for (int q = start; q < offsets[b] + span.end(); q++) {
                    int row = (b * steps + q) * steps;
                    Arrays.fill(mask, row, row + start, LlamaDecoder.MASKED);
                }
            }
        }
        return OwnedArrays.floats(manager, mask, new Shape(batch, 1, steps, steps));
    }
}
