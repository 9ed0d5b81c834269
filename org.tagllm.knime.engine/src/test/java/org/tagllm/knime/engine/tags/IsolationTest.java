package org.tagllm.knime.engine.tags;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tagllm.knime.engine.runtime.DjlRuntime;

/**
 * What isolation is for: an isolated segment is read exactly as in domain-tag training, where its tag comes first.
 * With rotary positions attention depends only on relative positions, so each segment's hidden states inside the
 * task input equal those of the segment alone (tolerance 1e-4 (|h| + rms h): rotary tables at other absolute
 * positions round differently); without isolation they differ.
 */
class IsolationTest {

    @ParameterizedTest
    @EnumSource(TagBatch.Padding.class)
    void isolatedSegmentsReadAsTheyDoAlone(TagBatch.Padding padding) {
        try (Tiny t = new Tiny(71); NDManager call = DjlRuntime.newManager()) {
            TagSpec s = t.randomTag("<S>", TagKind.DOMAIN, 2, false, 1);
            TagSpec p = t.randomTag("<P>", TagKind.DOMAIN, 3, false, 2);
            TagSpec f = t.randomTag("<F>", TagKind.FUNCTION, 2, true, 3);
            long[] first = t.tokens(4, 1);
            long[] second = t.tokens(6, 2);
            TaggedSequence isolated = Tiny.task(f, true, s, first, p, second);
            TaggedSequence open = Tiny.task(f, false, s, first, p, second);
            TaggedSequence longer = Tiny.task(f, true, p, t.tokens(20, 3));
            TagModel model = new TagModel(t.decoder, t.table);
            int d = t.config.hiddenSize();

            TagBatch batch = TagBatch.of(List.of(isolated, longer, open), padding);
            float[] hidden = model.forward(batch, call).hidden().toFloatArray();
            int segmentA = 1; // <S> x2 + 4 tokens at positions 1..6
            int segmentB = 1 + 2 + 4; // <P> x3 + 6 tokens at positions 7..15
            float[] aloneA = alone(model, TaggedSequence.builder().tag(s).tokens(first, false).build(), call);
            float[] aloneB = alone(model, TaggedSequence.builder().tag(p).tokens(second, false).build(), call);

            assertRowsClose("segment <S>", hidden, batch, 0, segmentA, aloneA, d, true);
            assertRowsClose("segment <P>", hidden, batch, 0, segmentB, aloneB, d, true);
            assertRowsClose("open segment <P>", hidden, batch, 2, segmentB, aloneB, d, false);
        }
    }

    private static float[] alone(TagModel model, TaggedSequence segment, NDManager call) {
        return model.forward(TagBatch.of(List.of(segment), TagBatch.Padding.RIGHT), call).hidden().toFloatArray();
    }

    /** Rows of example b from position {@code start} against {@code alone}; equal if {@code same}, else different. */
    private static void assertRowsClose(String what, float[] hidden, TagBatch batch, int b, int start, float[] alone,
            int d, boolean same) {
        double rms = 0;
        for (float v : alone) {
            rms += (double) v * v;
        }
        rms = Math.sqrt(rms / alone.length);
        double worst = 0;
        for (int r = 0; r < alone.length / d; r++) {
            int column = batch.offset(b) + start + r;
            for (int i = 0; i < d; i++) {
                double got = hidden[(b * batch.steps() + column) * d + i];
                double expected = alone[r * d + i];
                double error = Math.abs(got - expected) / (Math.abs(expected) + rms);
                worst = Math.max(worst, error);
                if (same && error > 1e-4) {
                    fail(what + ", position " + r + ", feature " + i + ": in the task input " + got + ", alone "
                            + expected);
                }
            }
        }
        if (!same) {
            assertTrue(worst > 1e-2, what + " without isolation should see BOS and earlier text, but matched "
                    + "the segment alone (worst relative difference " + worst + ")");
        }
    }
}
