package org.tagllm.knime.engine.tags;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One example as the decoder will read it: an ordered run of positions, each either a token id or one vector of a
 * tag, with
 * <ul>
 *   <li>the readout: the position of the function tag's last vector, whose final hidden state feeds a task head;
 *       without a function tag, the last position when the sequence is built to be read there (the linear-probe
 *       and prompt-tuning baselines), else -1;</li>
 *   <li>which tokens carry language-model loss (a target token at t is predicted from position t - 1);</li>
 *   <li>the isolated segments: spans [start, end) whose positions attend to nothing before start.</li>
 * </ul>
 * Tag positions hold {@link #PLACEHOLDER_ID} as their token id; the splice replaces their embeddings. Immutable.
 */
public final class TaggedSequence {

    /** The token id at tag positions (and pads): any valid id works, its embedding is replaced or ignored. */
    public static final long PLACEHOLDER_ID = 0;

    /** A span [start, end) of positions. */
    public record Span(int start, int end) {
        public Span {
            if (start < 0 || end <= start) {
                throw new IllegalArgumentException("a span needs 0 <= start < end, got [" + start + ", " + end + ")");
            }
        }

        public int length() {
            return end - start;
        }
    }

    private final long[] ids; // [T], PLACEHOLDER_ID at tags
    private final String[] tags; // [T], null at tokens
    private final int[] tagRows; // [T], row of the tag's [p, d] matrix, -1 at tokens
    private final boolean[] targets; // [T], token carries LM loss
    private final Map<String, TagSpec> specs; // tags used, in order of first use
    private final TagSpec functionTag; // null when none
    private final int functionStart; // first function tag vector, -1 when none
    private final boolean readLast; // no function tag: a head reads the last position
    private final List<Span> isolated;

    private TaggedSequence(Builder b) {
        int n = b.length;
        this.ids = Arrays.copyOf(b.ids, n);
        this.tags = Arrays.copyOf(b.tags, n);
        this.tagRows = Arrays.copyOf(b.tagRows, n);
        this.targets = Arrays.copyOf(b.targets, n);
        this.specs = Collections.unmodifiableMap(new LinkedHashMap<>(b.specs));
        this.functionTag = b.functionTag;
        this.functionStart = b.functionStart;
        this.readLast = b.readLast;
        this.isolated = List.copyOf(b.isolated);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** T, the number of positions. */
    public int length() {
        return ids.length;
    }

    /** The token id at {@code t}; {@link #PLACEHOLDER_ID} at tag positions. */
    public long tokenId(int t) {
        return ids[t];
    }

    /** The name of the tag at {@code t}, or null at a token. */
    public String tagAt(int t) {
        return tags[t];
    }

    /** Which of its tag's vectors position {@code t} holds; -1 at a token. */
    public int tagRow(int t) {
        return tagRows[t];
    }

    /** Whether the token at {@code t} is a language-model target (predicted from {@code t - 1}). */
    public boolean isLossTarget(int t) {
        return targets[t];
    }

    /** The tags used, by name, in order of first appearance. */
    public Map<String, TagSpec> tags() {
        return specs;
    }

    /** The function tag, or null. */
    public TagSpec functionTag() {
        return functionTag;
    }

    /** Position of the function tag's first vector; -1 without one. */
    public int functionStart() {
        return functionStart;
    }

    /**
     * Where a head reads: the function tag's last vector; without a function tag, the last position if the sequence
     * was built with {@link Builder#readLastPosition()}, else -1.
     */
    public int readout() {
        if (functionTag == null) {
            return readLast && ids.length > 0 ? ids.length - 1 : -1;
        }
        return functionStart + functionTag.vectors() - 1;
    }

    /** Spans whose positions attend to nothing before their start. */
    public List<Span> isolatedSegments() {
        return isolated;
    }

    /** The token ids of the positions that carry LM loss, in order. */
    public long[] lossTargetIds() {
        long[] out = new long[ids.length];
        int n = 0;
        for (int t = 0; t < ids.length; t++) {
            if (targets[t]) {
                out[n++] = ids[t];
            }
        }
        return Arrays.copyOf(out, n);
    }

    /**
     * Positions [0, end): the same items, spans cut at {@code end} (the prefix before a function tag, for instance).
     * The function tag is kept only when it lies wholly inside.
     */
    public TaggedSequence prefix(int end) {
        if (end < 0 || end > ids.length) {
            throw new IllegalArgumentException("prefix end " + end + " outside [0, " + ids.length + "]");
        }
        return slice(0, end);
    }

    /** Positions [start, end) as a sequence of their own (spans cut to the range and shifted). */
    public TaggedSequence slice(int start, int end) {
        return sliceBuilder(start, end).build();
    }

    /**
     * This sequence followed by {@code answer}'s tokens, each an LM target (a candidate answer to score, for
     * instance).
     */
    public TaggedSequence withTargets(long[] answer) {
        Builder b = sliceBuilder(0, ids.length);
        b.readLast = false;
        return b.tokens(answer, true).build();
    }

    private Builder sliceBuilder(int start, int end) {
        if (start < 0 || end > ids.length || start > end) {
            throw new IllegalArgumentException("slice [" + start + ", " + end + ") outside [0, " + ids.length + ")");
        }
        Builder b = builder();
        for (int t = start; t < end; t++) {
            if (tags[t] == null) {
                b.token(ids[t], targets[t] && t > start);
            } else {
                b.tagVector(specs.get(tags[t]), tagRows[t]);
            }
        }
        if (functionTag != null && functionStart >= start && readout() < end) {
            b.functionTag = functionTag;
            b.functionStart = functionStart - start;
        }
        b.readLast = readLast && end == ids.length && start < end;
        for (Span s : isolated) {
            int from = Math.max(s.start(), start);
            int to = Math.min(s.end(), end);
            if (from < to) {
                b.isolated.add(new Span(from - start, to - start));
            }
        }
        return b;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("TaggedSequence[");
        // Tokens as ids (* = LM target), each run of tag vectors as <Name>[first..last].
        for (int t = 0; t < ids.length; t++) {
            if (tags[t] != null && t > 0 && tags[t].equals(tags[t - 1]) && tagRows[t] == tagRows[t - 1] + 1) {
                continue;
            }
            if (t > 0) {
                s.append(' ');
            }
            if (tags[t] == null) {
                s.append(targets[t] ? "*" : "").append(ids[t]);
                continue;
            }
            int last = t;
            while (last + 1 < ids.length && tags[t].equals(tags[last + 1]) && tagRows[last + 1] == tagRows[last] + 1) {
                last++;
            }
            s.append(tags[t]).append('[').append(tagRows[t]).append("..").append(tagRows[last]).append(']');
        }
        return s.append(", readout ").append(readout()).append(", isolated ").append(isolated).append(']')
                .toString();
    }

    /** Builds a sequence item by item. */
    public static final class Builder {

        private long[] ids = new long[16];
        private String[] tags = new String[16];
        private int[] tagRows = new int[16];
        private boolean[] targets = new boolean[16];
        private int length;
        private final Map<String, TagSpec> specs = new LinkedHashMap<>();
        private TagSpec functionTag;
        private int functionStart = -1;
        private boolean readLast;
        private final List<Span> isolated = new ArrayList<>();

        private Builder() {}

        /**
         * Without a function tag, a head reads the final position (baselines that have no function tag: linear
         * probe, prompt tuning, the ablation without function tag).
         */
        public Builder readLastPosition() {
            if (functionTag != null) {
                throw new IllegalStateException("a sequence with function tag " + functionTag.name()
                        + " is read at that tag");
            }
            readLast = true;
            return this;
        }

        /** Positions so far. */
        public int length() {
            return length;
        }

        /**
         * Appends a token.
         *
         * @param target whether it carries LM loss; the first position cannot (nothing predicts it)
         */
        public Builder token(long id, boolean target) {
            if (id < 0) {
                throw new IllegalArgumentException("token ids must not be negative, got " + id);
            }
            if (target && length == 0) {
                throw new IllegalArgumentException("the first position cannot be an LM target: nothing precedes it");
            }
            grow();
            ids[length] = id;
            tagRows[length] = -1;
            targets[length] = target;
            length++;
            return this;
        }

        /** Appends tokens, all targets or none. */
        public Builder tokens(long[] tokenIds, boolean target) {
            for (long id : tokenIds) {
                token(id, target);
            }
            return this;
        }

        /**
         * Appends all p vectors of a tag. A function tag sets the readout; a sequence holds at most one function
         * tag.
         */
        public Builder tag(TagSpec spec) {
            if (spec.kind() == TagKind.FUNCTION) {
                if (readLast) {
                    throw new IllegalStateException("a sequence read at its last position has no function tag");
                }
                if (functionTag != null) {
                    throw new IllegalArgumentException("a sequence holds one function tag; " + functionTag.name()
                            + " is already there, cannot add " + spec.name());
                }
                functionTag = spec;
                functionStart = length;
            }
            for (int r = 0; r < spec.vectors(); r++) {
                tagVector(spec, r);
            }
            return this;
        }

        private void tagVector(TagSpec spec, int row) {
            TagSpec known = specs.putIfAbsent(spec.name(), spec);
            if (known != null && !known.equals(spec)) {
                throw new IllegalArgumentException("tag " + spec.name() + " appears as " + known + " and as " + spec);
            }
            grow();
            ids[length] = PLACEHOLDER_ID;
            tags[length] = spec.name();
            tagRows[length] = row;
            length++;
        }

        /** Marks positions [start, end) as an isolated segment. */
        public Builder isolate(int start, int end) {
            if (end > length) {
                throw new IllegalArgumentException("isolated span [" + start + ", " + end + ") beyond the "
                        + length + " positions so far");
            }
            Span span = new Span(start, end);
            for (Span s : isolated) {
                if (s.start() < end && start < s.end()) {
                    throw new IllegalArgumentException("isolated spans " + s + " and " + span + " overlap");
                }
            }
            isolated.add(span);
            return this;
        }

        /** The sequence; it may be empty (the empty prefix of a function tag at position 0, for instance). */
        public TaggedSequence build() {
            return new TaggedSequence(this);
        }

        private void grow() {
            if (length == ids.length) {
                int n = ids.length * 2;
                ids = Arrays.copyOf(ids, n);
                tags = Arrays.copyOf(tags, n);
                tagRows = Arrays.copyOf(tagRows, n);
                targets = Arrays.copyOf(targets, n);
            }
        }
    }
}
