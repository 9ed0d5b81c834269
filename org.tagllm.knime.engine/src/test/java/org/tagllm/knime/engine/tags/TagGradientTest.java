package org.tagllm.knime.engine.tags;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Gradients with respect to the tag vectors and the head parameters, through the frozen decoder, against float32
 * central differences of the loss; the backward runs once calmly and once after a GC with poisoned buffers (the DJL
 * hazard), which must not change a single gradient.
 *
 * <p>Per-coordinate differences of a float32 loss resolve only ulp(L) / 2h (about 2e-4 at h = 1e-3 for an LM loss
 * near 4), more than many single tag gradients; so each parameter is checked along directions, where the whole
 * gradient moves the loss: along the gradient itself (fd vs |g|) and along a random unit direction u (fd vs g.u).
 * The difference is a Richardson extrapolation of central differences with steps 1e-2 and 5e-3 in parameter norm
 * (plain central differences carry an h² error of about 0.5% here). Allowance |fd - g.u| <= 1e-2 |g| + 1e-5;
 * observed at most a quarter of it (a random direction of a small tag gradient, float32 noise).
 */
class TagGradientTest {

    private static final double STEP = 1e-2;
    private static final double REL = 1e-2;
    private static final double ABS = 1e-5;

    /** Batch of three with mixed lengths, left padding, one example with isolated segments. */
    private static TagBatch taskBatch(Tiny t, TagSpec p, TagSpec f) {
        return TagBatch.of(List.of(
                Tiny.task(f, false, p, t.tokens(4, 1)),
                Tiny.task(f, true, p, t.tokens(6, 2), p, t.tokens(2, 3)),
                Tiny.task(f, false, p, t.tokens(1, 4))), TagBatch.Padding.LEFT);
    }

    @Test
    void regressionHeadAndTagGradients() {
        try (Tiny t = new Tiny(41)) {
            TagSpec p = t.randomTag("<P>", TagKind.DOMAIN, 3, true, 1);
            TagSpec f = t.randomTag("<F>", TagKind.FUNCTION, 2, true, 2);
            double[][] targets = {{1.5, -2}, {0.25, 3}, {-1, 0.5}};
            try (RegressionHead head = RegressionHead.create("<F>", t.table.statistics(),
                    TargetScaling.fit(targets))) {
                TagModel model = new TagModel(t.decoder, t.table, head);
                TagBatch batch = taskBatch(t, p, f);
                check("regression", call -> model.headLoss(batch, targets, call),
                        List.of(t.table.vectors("<P>"), t.table.vectors("<F>"), head.parameters().get(0)));
            }
        }
    }

    @Test
    void classificationHeadAndTagGradients() {
        try (Tiny t = new Tiny(42)) {
            TagSpec p = t.randomTag("<P>", TagKind.DOMAIN, 3, true, 1);
            TagSpec f = t.randomTag("<F>", TagKind.FUNCTION, 2, true, 2);
            try (ClassificationHead head = ClassificationHead.create("<F>", List.of("a", "b", "c"), 32, 7)) {
                TagModel model = new TagModel(t.decoder, t.table, head);
                TagBatch batch = taskBatch(t, p, f);
                int[] labels = {2, 0, 1};
                List<NDArray> params = new ArrayList<>(List.of(t.table.vectors("<P>"), t.table.vectors("<F>")));
                params.addAll(head.parameters());
                check("classification", call -> model.headLoss(batch, labels, call), params);
            }
        }
    }

    /** Stage 1 and generation: LM loss on data tokens (domain text) and on answer tokens (after the function tag). */
    @Test
    void languageModelLossTagGradients() {
        try (Tiny t = new Tiny(43)) {
            TagSpec p = t.randomTag("<P>", TagKind.DOMAIN, 3, true, 1);
            TagSpec f = t.randomTag("<F>", TagKind.FUNCTION, 2, true, 2);
            TaggedSequence stage1 = TaggedSequence.builder().tag(p).tokens(t.tokens(7, 5), true).build();
            TaggedSequence generation = TaggedSequence.builder().token(Tiny.BOS, false).tag(p)
                    .tokens(t.tokens(3, 6), false).tag(f).tokens(t.tokens(2, 7), true).token(Tiny.EOS, true).build();
            TagBatch batch = TagBatch.of(List.of(stage1, generation), TagBatch.Padding.RIGHT);
            TagModel model = new TagModel(t.decoder, t.table);
            check("language model", call -> model.languageModelLoss(batch, call),
                    List.of(t.table.vectors("<P>"), t.table.vectors("<F>")));
        }
    }

    private static void check(String what, Function<NDManager, NDArray> loss, List<NDArray> params) {
        float[][] calm = Params.gradients(loss, params, false);
        float[][] pressed = Params.gradients(loss, params, true);
        Random random = new Random(17);
        double worst = 0;
        for (int i = 0; i < params.size(); i++) {
            NDArray param = params.get(i);
            String name = param.getName();
            for (int j = 0; j < calm[i].length; j++) {
                if (pressed[i][j] != calm[i][j]) {
                    fail(what + ": " + name + "[" + j + "] after GC " + pressed[i][j] + " vs " + calm[i][j]);
                }
            }
            double norm = norm(calm[i]);
            assertTrue(norm > 0, what + ": " + name + " received no gradient");
            float[] alongGradient = new float[calm[i].length];
            float[] randomDirection = new float[calm[i].length];
            for (int j = 0; j < alongGradient.length; j++) {
                alongGradient[j] = (float) (calm[i][j] / norm);
                randomDirection[j] = (float) random.nextGaussian();
            }
            double randomNorm = norm(randomDirection);
            for (int j = 0; j < randomDirection.length; j++) {
                randomDirection[j] /= (float) randomNorm;
            }
            for (float[] u : List.of(alongGradient, randomDirection)) {
                double expected = 0;
                for (int j = 0; j < u.length; j++) {
                    expected += (double) calm[i][j] * u[j];
                }
                // Richardson extrapolation of two central differences cancels the h² truncation term.
                double fd = (4 * Params.directionalDifference(loss, param, u, STEP / 2)
                        - Params.directionalDifference(loss, param, u, STEP)) / 3;
                double allowance = REL * norm + ABS;
                worst = Math.max(worst, Math.abs(fd - expected) / allowance);
                if (Math.abs(fd - expected) > allowance) {
                    fail(String.format("%s: %s along %s: gradient %.6g vs finite difference %.6g (|g| %.3g)", what,
                            name, u == alongGradient ? "the gradient" : "a random direction", expected, fd, norm));
                }
            }
        }
        System.out.printf("%s: worst gradient error %.2f of the allowance%n", what, worst);
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }

}
