package org.tagllm.knime.engine.tags;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.runtime.DjlRuntime;

/** Training steps leave nothing behind in the long-lived managers of the tag table and the head. */
class ScopeTest {

    @Test
    void trainingStepsAttachNothingToTheTableOrTheHead() {
        try (Tiny t = new Tiny(111)) {
            TagSpec p = t.randomTag("<P>", TagKind.DOMAIN, 3, true, 1);
            TagSpec f = t.randomTag("<F>", TagKind.FUNCTION, 2, true, 2);
            double[][] targets = {{1}, {2}};
            try (RegressionHead head = RegressionHead.create("<F>", t.table.statistics(),
                    TargetScaling.fit(targets))) {
                TagModel model = new TagModel(t.decoder, t.table, head);
                TagBatch batch = TagBatch.of(List.of(Tiny.task(f, true, p, t.tokens(3, 1)),
                        Tiny.task(f, false, p, t.tokens(6, 2))), TagBatch.Padding.LEFT);
                TagBatch text = TagBatch.of(List.of(TaggedSequence.builder().tag(p).tokens(t.tokens(5, 3), true)
                        .build()), TagBatch.Padding.RIGHT);
                NDManager tableManager = t.table.vectors("<P>").getManager();
                NDManager headManager = head.parameters().get(0).getManager();
                int tableArrays = tableManager.getManagedArrays().size();
                int headArrays = headManager.getManagedArrays().size();
                List<NDArray> params = new ArrayList<>(t.table.trainableParameters());
                params.addAll(head.parameters());

                for (int step = 0; step < 3; step++) {
                    if (step == 2) {
                        t.table.setTrainable("<P>", false); // the frozen-prefix path
                        params.remove(t.table.vectors("<P>"));
                    }
                    try (NDManager call = DjlRuntime.newManager();
                            GradientCollector c = DjlRuntime.engine().newGradientCollector()) {
                        NDArray loss = step == 1 ? model.languageModelLoss(text, call)
                                : model.headLoss(batch, targets, call);
                        c.backward(loss);
                    }
                    Params.sgdStep(params, 0.01f);
                }
                assertEquals(tableArrays, tableManager.getManagedArrays().size(), "the table collected arrays");
                assertEquals(headArrays, headManager.getManagedArrays().size(), "the head collected arrays");
            }
        }
    }
}
