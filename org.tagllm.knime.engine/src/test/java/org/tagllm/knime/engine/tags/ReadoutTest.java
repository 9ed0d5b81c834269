package org.tagllm.knime.engine.tags;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tagllm.knime.engine.config.ModelConfig;
import org.tagllm.knime.engine.runtime.DjlRuntime;

/**
 * The readout is located per example: with mixed lengths, left or right padding, the head's input for each example
 * equals the final hidden state at the last function-tag vector of that example run alone (no padding).
 */
class ReadoutTest {

    /** Batched and single-example forward differ only in float rounding of differently shaped matmuls. */
    private static final double TOLERANCE = 1e-5;

    @ParameterizedTest
    @CsvSource({"LLAMA, LEFT, false", "LLAMA, RIGHT, false", "LLAMA, LEFT, true", "LLAMA, RIGHT, true",
            "QWEN2, LEFT, true", "QWEN2, RIGHT, false"})
    void headInputEqualsTheUnbatchedHiddenStateAtTheLastFunctionTagVector(String model,
            TagBatch.Padding padding, boolean isolate) {
        ModelConfig config = model.equals("LLAMA") ? Tiny.LLAMA : Tiny.QWEN2;
        try (Tiny t = new Tiny(config, 31)) {
            TagSpec p = t.randomTag("<P>", TagKind.DOMAIN, 3, false, 1); // frozen: the fast path applies
            TagSpec f = t.randomTag("<F>", TagKind.FUNCTION, 4, true, 2);
            List<TaggedSequence> sequences = new ArrayList<>();
            int[] lengths = {5, 17, 1, 9};
            for (int i = 0; i < lengths.length; i++) {
                sequences.add(Tiny.task(f, isolate, p, t.tokens(lengths[i], i), p, t.tokens(2, 10 + i)));
            }
            TagBatch batch = TagBatch.of(sequences, padding);
            TagModel tagModel = new TagModel(t.decoder, t.table);
            try (NDManager call = DjlRuntime.newManager()) {
                NDArray full = tagModel.readout(batch, call);
                NDArray fast = tagModel.readoutFrozenPrefix(batch, call);
                assertEquals(4, full.getShape().get(0));
                float[] batched = full.toFloatArray();
                float[] batchedFast = fast.toFloatArray();
                for (int b = 0; b < sequences.size(); b++) {
                    float[] alone = alone(tagModel, sequences.get(b), call);
                    compare("example " + b + " (full)", batched, b, alone);
                    compare("example " + b + " (frozen prefix)", batchedFast, b, alone);
                }
            }
        }
    }

    /** The hidden state at the readout of {@code s} run as a batch of one. */
    private static float[] alone(TagModel model, TaggedSequence s, NDManager call) {
        TagBatch one = TagBatch.of(List.of(s), TagBatch.Padding.RIGHT);
        float[] hidden = model.forward(one, call).hidden().toFloatArray();
        int d = model.decoder().config().hiddenSize();
        float[] out = new float[d];
        System.arraycopy(hidden, s.readout() * d, out, 0, d);
        return out;
    }

    private static void compare(String what, float[] batched, int b, float[] alone) {
        int d = alone.length;
        for (int i = 0; i < d; i++) {
            float got = batched[b * d + i];
            if (Math.abs(got - alone[i]) > TOLERANCE) {
                fail(what + ", feature " + i + ": batched " + got + ", alone " + alone[i]);
            }
        }
    }
}
