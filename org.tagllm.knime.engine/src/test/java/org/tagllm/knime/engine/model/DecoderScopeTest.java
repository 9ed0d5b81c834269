package org.tagllm.knime.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.config.ModelConfig;
import org.tagllm.knime.engine.runtime.DjlRuntime;

/** Which manager owns what, and the argument checks of the decoder's entry points. */
class DecoderScopeTest {

    /** Everything a forward/backward creates belongs to the inputs' manager and is freed with it. */
    @Test
    void callArraysLiveAndDieWithTheInputsManager() {
        try (Fixtures f = new Fixtures(TestModels.MISTRAL_WINDOW, 61); NDManager longLived = DjlRuntime.newManager()) {
            // Option arrays from a long-lived manager must not collect the call's results.
            NDArray mask = longLived.ones(new Shape(1, 6));
            NDArray positions = longLived.create(new long[] {0, 1, 2, 3, 4, 5}, new Shape(1, 6));
            NDArray extra = longLived.zeros(new Shape(6, 6));
            int held = longLived.getManagedArrays().size();
            DecoderOutput out;
            try (NDManager call = longLived.newSubManager()) {
                NDArray x = f.decoder.embed(Fixtures.ids(call, f.tokens(6, 1)));
                x.setRequiresGradient(true);
                try (GradientCollector c = DjlRuntime.engine().newGradientCollector()) {
                    out = f.decoder.forward(x, ForwardOptions.defaults().withPaddingMask(mask)
                            .withPositions(positions).withAdditiveMask(extra));
                    c.backward(out.logits().sum());
                }
                assertSame(call, out.logits().getManager());
                assertSame(call, out.hidden().getManager());
                assertSame(call, x.getManager(), "the input went back to its manager");
            }
            assertTrue(out.logits().isReleased() && out.hidden().isReleased());
            assertEquals(held, longLived.getManagedArrays().size(),
                    "the long-lived manager collected arrays of the call");
        }
    }

    /**
     * Each block's temporaries are freed when the block ends, in inference and in training (libtorch keeps what
     * autograd saved): a forward leaves a fixed number of arrays plus one block output per layer.
     */
    @Test
    void blockTemporariesAreFreedAtTheEndOfEachBlock() {
        int[][] held = new int[2][];
        int[] layers = {2, 5};
        for (int i = 0; i < layers.length; i++) {
            ModelConfig c = TestModels.LLAMA_GQA.config;
            ModelConfig deeper = c.toBuilder().setNumLayers(layers[i]).optTieWordEmbeddings(false).optQkvBias(false)
                    .optOutputBias(false).optSlidingWindow(0).optBosTokenId(1).optEosTokenIds(List.of(2)).build();
            try (LlamaDecoder d = LlamaDecoder.random(deeper, 1); NDManager m = DjlRuntime.newManager()) {
                NDArray x = d.embed(Fixtures.ids(m, new long[] {1, 2, 3}));
                int before = m.getManagedArrays().size();
                d.forward(x, ForwardOptions.defaults());
                int inference = m.getManagedArrays().size() - before;
                x.setRequiresGradient(true);
                before = m.getManagedArrays().size();
                try (GradientCollector c2 = DjlRuntime.engine().newGradientCollector()) {
                    c2.backward(d.forward(x, ForwardOptions.defaults()).logits().sum());
                }
                held[i] = new int[] {inference, m.getManagedArrays().size() - before};
            }
        }
        assertEquals(3, held[1][0] - held[0][0], "inference: arrays held per extra layer");
        assertEquals(3, held[1][1] - held[0][1], "training: arrays held per extra layer");
    }

    @Test
    void embedChecksItsInput() {
        try (Fixtures f = new Fixtures(TestModels.LLAMA_GQA, 62); NDManager m = DjlRuntime.newManager()) {
            assertMessage(() -> f.decoder.embed(m.create(new long[] {1, 61}, new Shape(1, 2))),
                    "token ids must lie in [0, 61), got 61");
            assertMessage(() -> f.decoder.embed(m.create(new long[] {-1, 3}, new Shape(1, 2))),
                    "token ids must lie in [0, 61), got -1");
            assertMessage(() -> f.decoder.embed(m.create(new int[] {1, 2}, new Shape(1, 2))),
                    "token ids must be a [B, T] int64 array, got int32 (1, 2)");
            assertEquals(new Shape(2, 3, 32), f.decoder.embed(m.zeros(new Shape(2, 3), DataType.INT64)).getShape());
        }
    }

    @Test
    void forwardChecksItsInput() {
        try (Fixtures f = new Fixtures(TestModels.LLAMA_GQA, 63); NDManager m = DjlRuntime.newManager()) {
            assertMessage(() -> f.decoder.forward(m.zeros(new Shape(1, 3, 31)), null),
                    "input embeddings must be a float32 [B, T, 32] array with T > 0, got float32 (1, 3, 31)");
            assertMessage(() -> f.decoder.forward(m.zeros(new Shape(1, 0, 32)), null), "with T > 0");
            assertMessage(() -> f.decoder.forward(m.zeros(new Shape(3, 32)), null), "got float32 (3, 32)");
            try (KvCache wrong = new KvCache(3, m)) {
                assertMessage(() -> f.decoder.forward(m.zeros(new Shape(1, 2, 32)),
                        ForwardOptions.defaults().withCache(wrong)), "the cache has 3 layers, the model 2");
            }
        }
    }

    private static void assertMessage(Runnable r, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(expected), "message: " + e.getMessage());
    }
}
