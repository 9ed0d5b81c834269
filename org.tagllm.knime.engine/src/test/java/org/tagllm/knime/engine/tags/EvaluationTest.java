package org.tagllm.knime.engine.tags;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.runtime.DjlRuntime;

/** Evaluation paths: greedy generation through the KV cache, predictions of both head kinds. */
class EvaluationTest {

    /** Greedy decoding with the cache picks the same tokens as recomputing the whole tagged sequence every step. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void greedyGenerationWithTheCacheEqualsFullRecomputation(boolean isolate) {
        try (Tiny t = new Tiny(91)) {
            TagSpec p = t.randomTag("<P>", TagKind.DOMAIN, 3, false, 1);
            TagSpec f = t.randomTag("<F>", TagKind.FUNCTION, 2, false, 2);
            TaggedSequence prompt = Tiny.task(f, isolate, p, t.tokens(5, 3), p, t.tokens(4, 4));
            TagModel model = new TagModel(t.decoder, t.table);
            long[] cached = model.generate(prompt, 12);

            long[] recomputed = new long[0];
            while (recomputed.length < 12) {
                long next;
                try (NDManager call = DjlRuntime.newManager()) {
                    TaggedSequence extended = extend(prompt, recomputed);
                    NDArray hidden = model.forward(TagBatch.of(List.of(extended), TagBatch.Padding.RIGHT), call)
                            .hidden().get(new NDIndex(":, -1, :"));
                    next = t.decoder.logits(hidden).argMax(1).toLongArray()[0];
                }
                if (next == Tiny.EOS) {
                    break;
                }
                recomputed = Arrays.copyOf(recomputed, recomputed.length + 1);
                recomputed[recomputed.length - 1] = next;
            }
            assertArrayEquals(recomputed, cached);
            assertTrue(cached.length > 0, "generated nothing: the comparison would be empty");
        }
    }

    /** The prompt followed by generated tokens, isolated spans kept. */
    private static TaggedSequence extend(TaggedSequence prompt, long[] tokens) {
        TaggedSequence.Builder b = TaggedSequence.builder();
        for (int i = 0; i < prompt.length(); i++) {
            if (prompt.tagAt(i) == null) {
                b.token(prompt.tokenId(i), false);
            } else if (prompt.tagRow(i) == 0) {
                b.tag(prompt.tags().get(prompt.tagAt(i)));
            }
        }
        for (TaggedSequence.Span s : prompt.isolatedSegments()) {
            b.isolate(s.start(), s.end());
        }
        return b.tokens(tokens, false).build();
    }

    @Test
    void predictionsAreInOriginalUnitsOrCalibratedProbabilities() {
        try (Tiny t = new Tiny(92)) {
            TagSpec p = t.randomTag("<P>", TagKind.DOMAIN, 3, false, 1);
            TagSpec f = t.randomTag("<F>", TagKind.FUNCTION, 2, true, 2);
            TagBatch batch = TagBatch.of(List.of(Tiny.task(f, false, p, t.tokens(3, 1)),
                    Tiny.task(f, true, p, t.tokens(7, 2))), TagBatch.Padding.LEFT);
            TargetScaling scaling = new TargetScaling(new double[] {5, -1}, new double[] {3, 0.5});
            try (RegressionHead reg = RegressionHead.create("<F>", t.table.statistics(), scaling);
                    ClassificationHead cls = ClassificationHead.create("<F>", List.of("x", "y", "z"), 32, 4);
                    NDManager call = DjlRuntime.newManager()) {
                double[][] values = new TagModel(t.decoder, t.table, reg).predict(batch);
                float[] z = reg.forward(new TagModel(t.decoder, t.table).readout(batch, call)).toFloatArray();
                for (int b = 0; b < 2; b++) {
                    assertEquals(5 + 3 * z[2 * b], values[b][0], 1e-5);
                    assertEquals(-1 + 0.5 * z[2 * b + 1], values[b][1], 1e-5);
                }

                TagModel classifier = new TagModel(t.decoder, t.table, cls);
                float[][] logits = classifier.classLogits(batch);
                cls.setTemperature(2.0);
                double[][] probabilities = classifier.predict(batch);
                for (int b = 0; b < 2; b++) {
                    double sum = 0;
                    for (int c = 0; c < 3; c++) {
                        sum += Math.exp(logits[b][c] / 2.0);
                    }
                    for (int c = 0; c < 3; c++) {
                        assertEquals(Math.exp(logits[b][c] / 2.0) / sum, probabilities[b][c], 1e-9);
                    }
                }
                String message = assertThrows(IllegalStateException.class,
                        () -> classifier.headLoss(batch, new double[][] {{1}, {2}}, call)).getMessage();
                assertEquals("this model's head is ClassificationHead, the call needs a RegressionHead", message);
            }
        }
    }
}
