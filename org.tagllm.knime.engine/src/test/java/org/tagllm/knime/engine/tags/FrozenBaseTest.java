package org.tagllm.knime.engine.tags;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.BaseWeightBits;

/**
 * The base model never changes: after backward passes and several SGD steps on tags and head, every decoder weight
 * is bit-identical (raw bits) and none ever received a gradient, while the trained tags and head did change.
 */
class FrozenBaseTest {

    private static final int STEPS = 5;

    @Test
    void baseWeightsStayBitIdenticalThroughTrainingSteps() {
        try (Tiny t = new Tiny(Tiny.QWEN2, 51)) {
            TagSpec p = t.randomTag("<P>", TagKind.DOMAIN, 3, true, 1);
            TagSpec f = t.randomTag("<F>", TagKind.FUNCTION, 2, true, 2);
            double[][] targets = {{1}, {-1}, {0.5}};
            try (RegressionHead head = RegressionHead.create("<F>", t.table.statistics(),
                    TargetScaling.fit(targets))) {
                TagModel model = new TagModel(t.decoder, t.table, head);
                TagBatch task = TagBatch.of(List.of(Tiny.task(f, true, p, t.tokens(5, 1)),
                        Tiny.task(f, false, p, t.tokens(2, 2), p, t.tokens(3, 3)),
                        Tiny.task(f, true, p, t.tokens(8, 4))), TagBatch.Padding.RIGHT);
                TagBatch text = TagBatch.of(List.of(TaggedSequence.builder().tag(p).tokens(t.tokens(9, 5), true)
                        .build()), TagBatch.Padding.LEFT);

                Map<String, int[]> before = BaseWeightBits.of(t.decoder.weights());
                List<NDArray> params = new ArrayList<>(t.table.trainableParameters());
                params.addAll(head.parameters());
                float[] tagBefore = t.table.vectors("<P>").toFloatArray();
                float[] headBefore = head.parameters().get(0).toFloatArray();

                List<Function<NDManager, NDArray>> losses = List.of(call -> model.headLoss(task, targets, call),
                        call -> model.languageModelLoss(text, call));
                for (int step = 0; step < STEPS; step++) {
                    Params.gradients(losses.get(step % 2), params, step == 0);
                    Params.sgdStep(params, 0.05f);
                }

                Map<String, int[]> after = BaseWeightBits.of(t.decoder.weights());
                BaseWeightBits.assertIdentical(before, after);
                t.decoder.weights().named().forEach((name, w) -> assertFalse(w.hasGradient(),
                        name + " has a gradient"));
                assertNotEquals(Arrays.toString(tagBefore), Arrays.toString(t.table.vectors("<P>").toFloatArray()),
                        "the trainable tag was updated");
                assertNotEquals(Arrays.toString(headBefore),
                        Arrays.toString(head.parameters().get(0).toFloatArray()), "the head was updated");
            }
        }
    }
}
