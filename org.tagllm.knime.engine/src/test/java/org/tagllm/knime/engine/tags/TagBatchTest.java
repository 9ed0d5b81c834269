package org.tagllm.knime.engine.tags;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.model.LlamaDecoder;
import org.tagllm.knime.engine.runtime.DjlRuntime;

class TagBatchTest {

    private static final TagSpec P = new TagSpec("<P>", TagKind.DOMAIN, 2);
    private static final TagSpec S = new TagSpec("<S>", TagKind.DOMAIN, 1);
    private static final TagSpec F = new TagSpec("<F>", TagKind.FUNCTION, 2);

    /** BOS <P><P> 10 11 <F><F> 20* 2*: a generation example of 9 positions. */
    private static TaggedSequence generation() {
        return TaggedSequence.builder().token(1, false).tag(P).tokens(new long[] {10, 11}, false).tag(F)
                .token(20, true).token(2, true).build();
    }

    /** BOS <S> 12 <P><P> 13 14 15 <F><F>: two isolated segments, 10 positions. */
    private static TaggedSequence twoSegments() {
        return TaggedSequence.builder().token(1, false).tag(S).token(12, false).isolate(1, 3).tag(P)
                .tokens(new long[] {13, 14, 15}, false).isolate(3, 8).tag(F).build();
    }

    @ParameterizedTest
    @EnumSource(TagBatch.Padding.class)
    void padsIdsMaskTargetsAndLocatesEachReadout(TagBatch.Padding padding) {
        TagBatch batch = TagBatch.of(List.of(generation(), twoSegments()), padding);
        assertEquals(2, batch.batchSize());
        assertEquals(10, batch.steps());
        assertTrue(batch.isPadded());
        int o0 = padding == TagBatch.Padding.LEFT ? 1 : 0;
        assertEquals(o0, batch.offset(0));
        assertEquals(0, batch.offset(1));

        long[] ids = batch.ids();
        float[] mask = batch.paddingMask();
        long[] expected0 = {1, 0, 0, 10, 11, 0, 0, 20, 2};
        for (int c = 0; c < 10; c++) {
            boolean real = c >= o0 && c < o0 + 9;
            assertEquals(real ? 1f : 0f, mask[c], "mask column " + c);
            if (real) {
                assertEquals(expected0[c - o0], ids[c], "id column " + c);
            } else {
                assertEquals(TaggedSequence.PLACEHOLDER_ID, ids[c], "pad column " + c);
            }
        }
        // Readout per example: the last function-tag vector, in padded columns.
        assertArrayEquals(new int[] {o0 + 6, 9}, batch.readouts());
        // LM targets: the column before each target token predicts it; everything else is ignored.
        long[] targets = batch.lmTargets();
        for (int c = 0; c < 20; c++) {
            long want = c == o0 + 6 ? 20 : c == o0 + 7 ? 2 : TagBatch.IGNORE;
            assertEquals(want, targets[c], "target column " + c);
        }
        assertEquals(2, batch.lmTargetCount());
        // Tags: batch-local index and row.
        assertEquals(List.of("<P>", "<F>", "<S>"), batch.tagNames());
        int[] index = batch.tagIndex();
        int[] rows = batch.tagRows();
        assertEquals(0, index[o0 + 1]);
        assertEquals(1, rows[o0 + 2]);
        assertEquals(1, index[o0 + 5]);
        assertEquals(2, index[10 + 1]);
        assertEquals(-1, index[o0]);
    }

    /**
     * The isolation mask holds MASKED exactly where a query inside an isolated segment meets a key before the
     * segment's start (any key, pads included), and 0 elsewhere; checked pair by pair against that rule.
     */
    @ParameterizedTest
    @EnumSource(TagBatch.Padding.class)
    void isolationMaskBlocksExactlyTheKeysBeforeEachSegment(TagBatch.Padding padding) {
        TagBatch batch = TagBatch.of(List.of(generation(), twoSegments(), twoSegments().prefix(5)), padding);
        int t = batch.steps();
        try (NDManager m = DjlRuntime.newManager()) {
            float[] mask = batch.isolationMaskArray(m).toFloatArray();
            assertEquals(new Shape(3, 1, t, t), batch.isolationMaskArray(m).getShape());
            int blocked = 0;
            for (int b = 0; b < 3; b++) {
                List<TaggedSequence.Span> spans = batch.sequence(b).isolatedSegments();
                for (int q = 0; q < t; q++) {
                    for (int k = 0; k < t; k++) {
                        int p = q - batch.offset(b);
                        boolean shouldBlock = false;
                        for (TaggedSequence.Span s : spans) {
                            shouldBlock |= p >= s.start() && p < s.end() && k < s.start() + batch.offset(b);
                        }
                        float v = mask[(b * t + q) * t + k];
                        if (v != (shouldBlock ? LlamaDecoder.MASKED : 0f)) {
                            fail("example " + b + ", query " + q + ", key " + k + ": " + v);
                        }
                        blocked += shouldBlock ? 1 : 0;
                    }
                }
            }
            // Example 1: 2 queries x (1 + offset) keys + 5 queries x (3 + offset); example 2 (prefix 5): [1,3) and [3,5).
            int o1 = batch.offset(1);
            int o2 = batch.offset(2);
            assertEquals(2 * (1 + o1) + 5 * (3 + o1) + 2 * (1 + o2) + 2 * (3 + o2), blocked);
        }
    }

    @Test
    void noIsolationNoPaddingMeansNoMaskArrays() {
        TagBatch batch = TagBatch.of(List.of(generation(), generation()), TagBatch.Padding.LEFT);
        assertFalse(batch.isPadded());
        assertFalse(batch.hasIsolatedSegments());
        try (NDManager m = DjlRuntime.newManager()) {
            assertNull(batch.paddingMaskArray(m));
            assertNull(batch.isolationMaskArray(m));
            assertEquals(new Shape(2, 9), batch.idsArray(m).getShape());
            assertArrayEquals(batch.lmTargets(), batch.lmTargetsArray(m).toLongArray());
        }
    }

    @Test
    void refusesEmptyBatchesAndDisagreeingTagSpecs() {
        assertThrows(IllegalArgumentException.class, () -> TagBatch.of(List.of(), TagBatch.Padding.LEFT));
        TaggedSequence other = TaggedSequence.builder().token(1, false).tag(new TagSpec("<P>", TagKind.DOMAIN, 3))
                .build();
        String message = assertThrows(IllegalArgumentException.class,
                () -> TagBatch.of(List.of(generation(), other), TagBatch.Padding.LEFT)).getMessage();
        assertTrue(message.contains("example 1 uses tag TagSpec[name=<P>, kind=DOMAIN, vectors=3]"), message);
    }
}
