package org.tagllm.knime.engine.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Padded batches and the caller's additive mask. */
class PaddingAndMaskTest {

    private static final int T = 12;
    private static final int[] LENGTHS = {12, 9, 4};

    @ParameterizedTest
    @EnumSource(value = TestModels.class, names = {"LLAMA_GQA", "MISTRAL_WINDOW", "QWEN2_BIAS", "LLAMA3_ROPE"})
    void leftPaddedRowsMatchTheirUnpaddedReference(TestModels model) {
        checkPadded(model, true);
    }

    @ParameterizedTest
    @EnumSource(value = TestModels.class, names = {"LLAMA_GQA", "MISTRAL_WINDOW", "QWEN2_BIAS", "LLAMA3_ROPE"})
    void rightPaddedRowsMatchTheirUnpaddedReference(TestModels model) {
        checkPadded(model, false);
    }

    /**
     * A batch of rows of {@link #LENGTHS} padded to T with id 0 on the left or right; default positions. Each row's
     * real tokens must give what the reference gives for that row alone (positions 0..n-1), and nothing is NaN.
     */
    private static void checkPadded(TestModels model, boolean left) {
        try (Fixtures f = new Fixtures(model, 21); NDManager m = Fixtures.callManager()) {
            int b = LENGTHS.length;
            long[] ids = new long[b * T];
            float[] mask = new float[b * T];
            long[][] rows = new long[b][];
            for (int r = 0; r < b; r++) {
                rows[r] = f.tokens(LENGTHS[r], 100 + r);
                int pad = T - LENGTHS[r];
                int start = left ? pad : 0;
                for (int t = 0; t < LENGTHS[r]; t++) {
                    ids[r * T + start + t] = rows[r][t];
                    mask[r * T + start + t] = 1;
                }
            }
            NDArray input = f.decoder.embed(m.create(ids, new Shape(b, T)));
            DecoderOutput out = f.decoder.forward(input,
                    ForwardOptions.defaults().withPaddingMask(m.create(mask, new Shape(b, T))));
            float[] hidden = out.hidden().toFloatArray();
            float[] logits = out.logits().toFloatArray();
            for (float v : logits) {
                assertFalse(Float.isNaN(v), "NaN in the logits of a padded batch");
            }
            int d = f.config.hiddenSize();
            int vocab = f.config.vocabSize();
            for (int r = 0; r < b; r++) {
                int start = left ? T - LENGTHS[r] : 0;
                ReferenceDecoder.Output ref = f.reference.forward(rows[r]);
                String what = model + (left ? " left" : " right") + "-padded row " + r;
                Compare.assertRowsClose(what + " hidden", hidden, (r * T + start) * d, ref.hidden(), Compare.REL);
                Compare.assertRowsClose(what + " logits", logits, (r * T + start) * vocab, ref.logits(),
                        Compare.REL);
            }
        }
    }

    /**
     * Segment isolation through the additive mask: tokens 6..11 must not see tokens 0..5. The reference adds the
     * same mask to its scores; without the mask the second segment's output differs.
     */
    @ParameterizedTest
    @EnumSource(value = TestModels.class, names = {"LLAMA_GQA", "MISTRAL_WINDOW"})
    void additiveMaskIsolatesSegments(TestModels model) {
        try (Fixtures f = new Fixtures(model, 22); NDManager m = Fixtures.callManager()) {
            long[] ids = f.tokens(T, 9);
            float[] extra = new float[T * T];
            double[][] refMask = new double[T][T];
            for (int q = 6; q < T; q++) {
                for (int k = 0; k < 6; k++) {
                    extra[q * T + k] = LlamaDecoder.MASKED;
                    refMask[q][k] = LlamaDecoder.MASKED;
                }
            }
            long[] positions = new long[T];
            for (int t = 0; t < T; t++) {
                positions[t] = t;
            }
            NDArray input = f.decoder.embed(Fixtures.ids(m, ids));
            // [T, S] broadcasts over batch and heads.
            float[] masked = f.decoder.forward(input,
                    ForwardOptions.defaults().withAdditiveMask(m.create(extra, new Shape(T, T)))).logits()
                    .toFloatArray();
            ReferenceDecoder.Output ref = f.reference.forward(f.reference.embed(ids), positions, refMask);
            Compare.assertRowsClose(model + " segment-masked logits", masked, 0, ref.logits(), Compare.REL);
            double[][] unmasked = f.reference.forward(ids).logits();
            assertTrue(Compare.worstError(masked, 0, unmasked) > 100 * Compare.REL,
                    "the additive mask changed nothing");
        }
    }

    @Test
    void additiveMaskOfTheWrongShapeIsRejected() {
        try (Fixtures f = new Fixtures(TestModels.LLAMA_GQA, 23); NDManager m = Fixtures.callManager()) {
            NDArray input = f.decoder.embed(Fixtures.ids(m, f.tokens(4, 1)));
            NDArray wrong = m.zeros(new Shape(4, 5));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> f.decoder.forward(input, ForwardOptions.defaults().withAdditiveMask(wrong)));
            assertTrue(e.getMessage().contains("broadcastable to (1, 4, 4, 4)"), e.getMessage());
        }
    }

    @Test
    void paddingMaskOfTheWrongShapeIsRejected() {
        try (Fixtures f = new Fixtures(TestModels.LLAMA_GQA, 24); NDManager m = Fixtures.callManager()) {
            NDArray input = f.decoder.embed(Fixtures.ids(m, f.tokens(4, 1)));
            NDArray wrong = m.ones(new Shape(1, 5));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> f.decoder.forward(input, ForwardOptions.defaults().withPaddingMask(wrong)));
            assertTrue(e.getMessage().contains("padding mask must have shape (1, 4)"), e.getMessage());
        }
    }

    @Test
    void positionsBeyondTheModelAreRejected() {
        try (Fixtures f = new Fixtures(TestModels.LLAMA_GQA, 25); NDManager m = Fixtures.callManager()) {
            NDArray input = f.decoder.embed(Fixtures.ids(m, f.tokens(2, 1)));
            NDArray positions = m.create(new long[] {63, 64}, new Shape(1, 2));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> f.decoder.forward(input, ForwardOptions.defaults().withPositions(positions)));
            assertTrue(e.getMessage().contains("position 64 is beyond the model's 64 positions"), e.getMessage());
        }
    }
}
