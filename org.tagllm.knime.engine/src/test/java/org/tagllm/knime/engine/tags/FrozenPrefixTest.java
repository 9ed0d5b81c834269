package org.tagllm.knime.engine.tags;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.config.ModelConfig;
import org.tagllm.knime.engine.runtime.DjlRuntime;

/**
 * The frozen-prefix fast path (prefix cached without gradients, function tag with gradients) against full
 * backpropagation: same loss, same gradients for the function tag and the head. Both compute the same function in
 * float32 with differently shaped products, so they agree to rounding: loss within 1e-5 relative, every gradient
 * element within 1e-4 (|g| + rms(g)).
 */
class FrozenPrefixTest {

    private static final double LOSS_REL = 1e-5;
    private static final double GRAD_REL = 1e-4;

    /** Mixed lengths, an example whose function tag stands first (empty prefix), isolated segments or not. */
    private static List<TaggedSequence> examples(Tiny t, TagSpec p, TagSpec f, boolean isolate) {
        List<TaggedSequence> out = new ArrayList<>();
        out.add(Tiny.task(f, isolate, p, t.tokens(6, 1)));
        out.add(Tiny.task(f, isolate, p, t.tokens(2, 2), p, t.tokens(9, 3)));
        out.add(TaggedSequence.builder().tag(f).build());
        out.add(Tiny.task(f, isolate, p, t.tokens(1, 4)));
        return out;
    }

    @ParameterizedTest
    @CsvSource({"LEFT, false, regression", "RIGHT, true, regression", "LEFT, true, classification",
            "RIGHT, false, classification"})
    void lossAndGradientsEqualFullBackpropagation(TagBatch.Padding padding, boolean isolate, String task) {
        try (Tiny t = new Tiny(61)) {
            TagSpec p = t.randomTag("<P>", TagKind.DOMAIN, 3, false, 1);
            TagSpec f = t.randomTag("<F>", TagKind.FUNCTION, 3, true, 2);
            TagBatch batch = TagBatch.of(examples(t, p, f, isolate), padding);
            double[][] targets = {{0.3}, {-1.2}, {2.0}, {0.7}};
            int[] labels = {1, 0, 1, 1};
            try (TaskHead head = task.equals("regression")
                    ? RegressionHead.create("<F>", t.table.statistics(), TargetScaling.fit(targets))
                    : ClassificationHead.create("<F>", List.of("no", "yes"), 32, 3)) {
                TagModel model = new TagModel(t.decoder, t.table, head);
                assertTrue(model.prefixFrozen(batch));
                Function<NDArray, NDArray> headLoss = head instanceof RegressionHead r
                        ? h -> r.loss(h, targets) : h -> ((ClassificationHead) head).loss(h, labels);
                Function<NDManager, NDArray> full = call -> headLoss.apply(model.readout(batch, call));
                Function<NDManager, NDArray> fast = call -> headLoss.apply(model.readoutFrozenPrefix(batch, call));

                List<NDArray> params = new ArrayList<>(t.table.trainableParameters());
                params.addAll(head.parameters());
                double fullLoss = Params.value(full);
                double fastLoss = Params.value(fast);
                assertEquals(fullLoss, fastLoss, LOSS_REL * Math.abs(fullLoss), "loss");
                float[][] g = Params.gradients(full, params, false);
                float[][] h = Params.gradients(fast, params, false);
                for (int i = 0; i < params.size(); i++) {
                    assertClose(params.get(i).getName(), h[i], g[i]);
                }
                // headLoss picks the fast path by itself here: the same bits as the explicit fast loss.
                try (NDManager call = DjlRuntime.newManager()) {
                    NDArray auto = head instanceof RegressionHead ? model.headLoss(batch, targets, call)
                            : model.headLoss(batch, labels, call);
                    assertEquals(fastLoss, auto.toFloatArray()[0], 0.0, "headLoss took the frozen-prefix path");
                }
            }
        }
    }

    @Test
    void appliesOnlyWhenEverythingBeforeTheFunctionTagIsFrozen() {
        try (Tiny t = new Tiny(62)) {
            TagSpec p = t.randomTag("<P>", TagKind.DOMAIN, 3, true, 1);
            TagSpec f = t.randomTag("<F>", TagKind.FUNCTION, 3, true, 2);
            TagSpec g = t.randomTag("<G>", TagKind.FUNCTION, 2, true, 3);
            TagModel model = new TagModel(t.decoder, t.table);
            TagBatch trainablePrefix = TagBatch.of(examples(t, p, f, false), TagBatch.Padding.LEFT);
            assertFalse(model.prefixFrozen(trainablePrefix));
            assertMessage(() -> model.readoutFrozenPrefix(trainablePrefix, null),
                    "tag <P> before the function tag of example 0 is trainable");
            t.table.setTrainable("<P>", false);
            assertTrue(model.prefixFrozen(trainablePrefix));
            TagBatch mixed = TagBatch.of(List.of(Tiny.task(f, false, p, t.tokens(2, 1)),
                    Tiny.task(g, false, p, t.tokens(2, 2))), TagBatch.Padding.LEFT);
            assertMessage(() -> model.readoutFrozenPrefix(mixed, null), "function tags of different lengths");
            TagBatch none = TagBatch.of(List.of(TaggedSequence.builder().tag(p).tokens(t.tokens(3, 3), true)
                    .build()), TagBatch.Padding.LEFT);
            assertMessage(() -> model.readoutFrozenPrefix(none, null), "example 0 has no function tag");
        }
    }

    /**
     * The measurement for the report (printed, not asserted, apart from the equality of the losses): a tiny decoder
     * on long inputs, 2 examples of about 300 frozen prefix positions and a 10-vector function tag; one training
     * step (loss, backward) through the full forward and through the fast path, best and median of 3 after a
     * warm-up.
     */
    @Test
    void measuresTheSpeedUpOnALongInput() {
        ModelConfig config = ModelConfig.llama(64, 128, 2, 4, 4, 100, 1024, false);
        try (Tiny t = new Tiny(config, 63)) {
            TagSpec p = t.randomTag("<Protein>", TagKind.DOMAIN, 10, false, 1);
            TagSpec f = t.randomTag("<Stability>", TagKind.FUNCTION, 10, true, 2);
            List<TaggedSequence> examples = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                examples.add(Tiny.task(f, true, p, t.tokens(280 + 7 * i, i)));
            }
            TagBatch batch = TagBatch.of(examples, TagBatch.Padding.LEFT);
            double[][] targets = {{1}, {2}};
            try (RegressionHead head = RegressionHead.create("<Stability>", t.table.statistics(),
                    TargetScaling.fit(targets))) {
                TagModel model = new TagModel(t.decoder, t.table, head);
                List<NDArray> params = new ArrayList<>(t.table.trainableParameters());
                params.addAll(head.parameters());
                Function<NDManager, NDArray> full = call -> head.loss(model.readout(batch, call), targets);
                Function<NDManager, NDArray> fast = call -> head.loss(model.readoutFrozenPrefix(batch, call), targets);
                double[] fullMs = time(full, params);
                double[] fastMs = time(fast, params);
                double fullLoss = Params.value(full);
                assertEquals(fullLoss, Params.value(fast), LOSS_REL * Math.abs(fullLoss));
                System.out.printf("frozen-prefix speed-up (d=64, 2 layers, B=2, T=%d, function tag 10): full %.1f ms"
                        + " (median %.1f), fast %.1f ms (median %.1f), best-of ratio %.1fx, median ratio %.1fx%n",
                        batch.steps(), fullMs[0], fullMs[1], fastMs[0], fastMs[1], fullMs[0] / fastMs[0],
                        fullMs[1] / fastMs[1]);
            }
        }
    }

    /** Best and median wall time of loss + backward, in ms, after a warm-up run. */
    private static double[] time(Function<NDManager, NDArray> loss, List<NDArray> params) {
        int runs = 3;
        double[] ms = new double[runs];
        for (int i = -1; i < runs; i++) {
            long start = System.nanoTime();
            Params.gradients(loss, params, false);
            if (i >= 0) {
                ms[i] = (System.nanoTime() - start) / 1e6;
            }
        }
        Arrays.sort(ms);
        return new double[] {ms[0], ms[runs / 2]};
    }

    private static void assertClose(String what, float[] actual, float[] expected) {
        double rms = 0;
        for (float e : expected) {
            rms += (double) e * e;
        }
        rms = Math.sqrt(rms / expected.length);
        assertTrue(rms > 0, what + " has no gradient");
        for (int i = 0; i < expected.length; i++) {
            if (Math.abs(actual[i] - expected[i]) > GRAD_REL * (Math.abs(expected[i]) + rms)) {
                fail(what + "[" + i + "]: fast path " + actual[i] + ", full " + expected[i]);
            }
        }
    }

    private static void assertMessage(Runnable r, String expected) {
        String message = assertThrows(IllegalArgumentException.class, r::run).getMessage();
        assertTrue(message.contains(expected), message);
    }
}
