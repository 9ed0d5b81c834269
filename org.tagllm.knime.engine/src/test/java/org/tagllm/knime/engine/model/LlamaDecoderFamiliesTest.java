package org.tagllm.knime.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tagllm.knime.engine.config.ModelConfig;
import org.tagllm.knime.engine.config.RopeScaling;

/** Every family's forward pass against the naive double-precision reference. */
class LlamaDecoderFamiliesTest {

    private static final int T = 12;

    @ParameterizedTest
    @EnumSource(TestModels.class)
    void hiddenAndLogitsMatchTheReference(TestModels model) {
        try (Fixtures f = new Fixtures(model, 11); NDManager m = Fixtures.callManager()) {
            long[] ids = f.tokens(T, 5);
            DecoderOutput out = f.decoder.forward(f.decoder.embed(Fixtures.ids(m, ids)), ForwardOptions.defaults());
            assertEquals(new Shape(1, T, f.config.hiddenSize()), out.hidden().getShape());
            assertEquals(new Shape(1, T, f.config.vocabSize()), out.logits().getShape());
            assertEquals(DataType.FLOAT32, out.logits().getDataType());
            ReferenceDecoder.Output ref = f.reference.forward(ids);
            Compare.assertRowsClose(model + " hidden", out.hidden().toFloatArray(), 0, ref.hidden(), Compare.REL);
            Compare.assertRowsClose(model + " logits", out.logits().toFloatArray(), 0, ref.logits(), Compare.REL);
        }
    }

    @ParameterizedTest
    @EnumSource(TestModels.class)
    void hiddenOnlySkipsTheLogits(TestModels model) {
        try (Fixtures f = new Fixtures(model, 12); NDManager m = Fixtures.callManager()) {
            long[] ids = f.tokens(5, 6);
            DecoderOutput out = f.decoder.forward(f.decoder.embed(Fixtures.ids(m, ids)),
                    ForwardOptions.defaults().hiddenOnly());
            assertNull(out.logits());
            Compare.assertRowsClose(model + " hidden", out.hidden().toFloatArray(), 0,
                    f.reference.forward(ids).hidden(), Compare.REL);
        }
    }

    /**
     * The comparison can fail: a reference with one detail wrong (rotary pairing, rope scaling, sliding window,
     * grouped-query head mapping, biases) is far outside the tolerance wherever the detail applies.
     */
    @ParameterizedTest
    @EnumSource(TestModels.class)
    void aReferenceWithOneDetailWrongIsFarOff(TestModels model) {
        try (Fixtures f = new Fixtures(model, 13); NDManager m = Fixtures.callManager()) {
            long[] ids = f.tokens(T, 7);
            float[] logits = f.decoder.forward(f.decoder.embed(Fixtures.ids(m, ids)), ForwardOptions.defaults())
                    .logits().toFloatArray();
            for (ReferenceDecoder.Variant variant : applicable(model)) {
                double[][] wrong = new ReferenceDecoder(f.config, f.weights, variant).forward(ids).logits();
                double error = Compare.worstError(logits, 0, wrong);
                assertTrue(error > 100 * Compare.REL, model + " vs reference " + variant + ": worst relative error "
                        + error + " is not clearly above the tolerance " + Compare.REL);
            }
        }
    }

    private static Set<ReferenceDecoder.Variant> applicable(TestModels model) {
        Set<ReferenceDecoder.Variant> v = EnumSet.of(ReferenceDecoder.Variant.INTERLEAVED_ROPE);
        ModelConfig c = model.config;
        if (!(c.ropeScaling() instanceof RopeScaling.None)) {
            v.add(ReferenceDecoder.Variant.NO_ROPE_SCALING);
        }
        if (c.slidingWindow() > 0) {
            v.add(ReferenceDecoder.Variant.NO_SLIDING_WINDOW);
        }
        if (c.numKvHeads() > 1 && c.numKvHeads() < c.numHeads()) {
            v.add(ReferenceDecoder.Variant.TILED_KV_HEADS);
        }
        if (c.qkvBias() || c.outputBias()) {
            v.add(ReferenceDecoder.Variant.NO_BIASES);
        }
        if (c.outputBias()) {
            v.add(ReferenceDecoder.Variant.NO_OUTPUT_BIAS);
        }
        return v;
    }

    /** Explicit positions are used as given: shifting them all changes nothing but the rotary angles. */
    @ParameterizedTest
    @EnumSource(value = TestModels.class, names = {"LLAMA_GQA", "LLAMA3_ROPE", "MISTRAL_WINDOW"})
    void explicitPositionsAreUsed(TestModels model) {
        try (Fixtures f = new Fixtures(model, 14); NDManager m = Fixtures.callManager()) {
            long[] ids = f.tokens(8, 8);
            long[] positions = {20, 21, 22, 23, 24, 25, 26, 27};
            NDArray pos = m.create(positions, new Shape(1, 8));
            DecoderOutput out = f.decoder.forward(f.decoder.embed(Fixtures.ids(m, ids)),
                    ForwardOptions.defaults().withPositions(pos));
            ReferenceDecoder.Output ref = f.reference.forward(f.reference.embed(ids), positions, null);
            Compare.assertRowsClose(model + " logits", out.logits().toFloatArray(), 0, ref.logits(), Compare.REL);
        }
    }

    /** Positions beyond the initial rotary tables (2048 rows) grow them; results still match the reference. */
    @Test
    void farPositionsGrowTheRotaryTables() throws Exception {
        ModelConfig c = TestModels.LLAMA3_ROPE.config;
        ModelConfig longer = c.toBuilder().optMaxPositions(5000).optTieWordEmbeddings(false).optQkvBias(false)
                .optOutputBias(false).optSlidingWindow(0).optBosTokenId(1).optEosTokenIds(List.of(2)).build();
        InMemoryWeights weights = InMemoryWeights.random(longer, 15);
        ReferenceDecoder reference = new ReferenceDecoder(longer, weights);
        try (LlamaDecoder decoder = LlamaDecoder.load(longer, weights); NDManager m = Fixtures.callManager()) {
            long[] ids = {5, 9, 2, 33, 17, 8};
            long[][] cases = {{0, 1, 2, 3, 4, 5}, {2100, 2101, 2102, 2103, 2104, 2105}, {4994, 4995, 4996, 4997, 4998,
                    4999}, {7, 8, 9, 10, 11, 12}};
            for (long[] positions : cases) {
                DecoderOutput out = decoder.forward(decoder.embed(Fixtures.ids(m, ids)),
                        ForwardOptions.defaults().withPositions(m.create(positions, new Shape(1, ids.length))));
                Compare.assertRowsClose("positions from " + positions[0], out.logits().toFloatArray(), 0,
                        reference.forward(reference.embed(ids), positions, null).logits(), Compare.REL);
            }
        }
    }
}
