package org.tagllm.knime.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.tagllm.knime.engine.runtime.DjlRuntime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Inference takes attention a piece of the batch's rows at a time (so that long rows' score arrays stay small); the
 * outputs must be bit for bit those of the whole batch at once.
 */
class AttentionPiecesTest {

    private static final int T = 40;

    @ParameterizedTest
    @EnumSource(value = TestModels.class, names = {"LLAMA_GQA", "MISTRAL_WINDOW", "QWEN2_BIAS"})
    void piecesOfOneRowGiveTheWholeBatchsBits(TestModels model) {
        check(model, true, 1);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void unevenPiecesWithoutPaddingGiveTheWholeBatchsBits(int rowsPerPiece) {
        check(TestModels.LLAMA_GQA, false, rowsPerPiece);
    }

    /** Seven rows, padded on the right to T (a mask per row) or all of length T (one causal mask for every row). */
    private static void check(TestModels model, boolean padded, int rowsPerPiece) {
        try (Fixtures f = new Fixtures(model, 5); NDManager m = Fixtures.callManager()) {
            int b = 7;
            long[] ids = new long[b * T];
            float[] mask = new float[b * T];
            for (int r = 0; r < b; r++) {
                int length = padded ? T - 5 * r : T;
                long[] row = f.tokens(length, 40 + r);
                for (int t = 0; t < length; t++) {
                    ids[r * T + t] = row[t];
                    mask[r * T + t] = 1;
                }
            }
            ForwardOptions options = padded
                    ? ForwardOptions.defaults().withPaddingMask(m.create(mask, new Shape(b, T)))
                    : ForwardOptions.defaults();
            long perRow = (long) f.config.numHeads() * T * T;

            f.decoder.attentionPieceFloats(Long.MAX_VALUE);
            float[] whole = hidden(f, m, ids, b, options);
            f.decoder.attentionPieceFloats(rowsPerPiece * perRow);
            float[] pieces = hidden(f, m, ids, b, options);

            assertArrayEquals(whole, pieces, model + ": attention in pieces of " + rowsPerPiece + " rows");
        }
    }

    /**
     * Pieces are for inference: while autograd records (training, recomputed blocks), a batch's attention stays one
     * piece, whether or not the array reports that it requires a gradient (DJL reports false for computed arrays).
     */
    @Test
    void underAutogradTheBatchIsOnePieceAndInInferencePieces() {
        try (Fixtures f = new Fixtures(TestModels.LLAMA_GQA, 5); NDManager m = Fixtures.callManager()) {
            int b = 4;
            long[] ids = new long[b * T];
            for (int r = 0; r < b; r++) {
                System.arraycopy(f.tokens(T, 60 + r), 0, ids, r * T, T);
            }
            f.decoder.attentionPieceFloats((long) f.config.numHeads() * T * T);

            long before = f.decoder.attentionSplits();
            try (NDManager call = m.newSubManager()) {
                NDArray x = f.decoder.embed(call.create(ids, new Shape(b, T)));
                x.setRequiresGradient(true);
                try (GradientCollector collector = DjlRuntime.engine().newGradientCollector()) {
                    NDArray hidden = f.decoder.forward(x.mul(x), ForwardOptions.defaults()).hidden();
                    collector.backward(hidden.sum());
                }
            }
            assertEquals(before, f.decoder.attentionSplits(), "attention split while autograd recorded");

            hidden(f, m, ids, b, ForwardOptions.defaults());
            assertTrue(f.decoder.attentionSplits() > before, "inference attention not split into pieces");
        }
    }

    private static float[] hidden(Fixtures f, NDManager m, long[] ids, int b, ForwardOptions options) {
        try (NDManager call = m.newSubManager()) {
            NDArray input = f.decoder.embed(call.create(ids, new Shape(b, T)));
            return f.decoder.forward(input, options).hidden().toFloatArray();
        }
    }
}
