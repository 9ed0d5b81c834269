package org.tagllm.knime.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tagllm.knime.engine.BaseWeightBits;
import org.tagllm.knime.engine.GarbagePressure;
import org.tagllm.knime.engine.runtime.DjlRuntime;

/**
 * Gradients with respect to the input embeddings, through the frozen decoder. The batch has two rows, the second
 * left-padded by 2, and the loss is a fixed random readout of the real positions:
 * {@code L = sum(out * R)} with R zero at pad positions, out being the logits or the final hidden states.
 */
class DecoderGradientTest {

    private static final int B = 2;
    private static final int T = 6;
    private static final int PAD = 2; // left padding of row 1

    /**
     * Float32 central differences through the decoder: step 1e-2; allowance |fd - grad| <= 1e-3 + 2e-3 |grad|
     * (float32 rounding of the loss over the step dominates; observed errors are below 4e-4 + 5e-4 |grad|).
     */
    private static final double FD_STEP = 1e-2;
    private static final double FD_ABS = 1e-3;
    private static final double FD_REL = 2e-3;

    /**
     * Double-precision central differences through the reference: step 1e-4; allowance 1e-4 (|fd| + rms(grad)),
     * the tolerance of every decoder-versus-reference comparison (observed errors are around 1e-6 relative).
     */
    private static final double REF_STEP = 1e-4;
    private static final double REF_REL = Compare.REL;

    /** (row, token, feature) coordinates checked by finite differences, all on real tokens. */
    private static final int[][] COORDINATES = {{0, 0, 0}, {0, 3, 7}, {0, 5, 19}, {1, 2, 1}, {1, 4, 30}, {1, 5, 11}};

    private record Setup(Fixtures f, long[] ids, float[] mask, float[] readout, boolean logits) {

        int width() {
            return logits ? f.config.vocabSize() : f.config.hiddenSize();
        }

        /** Loss of the given input embeddings, in double from the float32 outputs (no gradient recorded). */
        double loss(float[] embeddings) {
            try (NDManager m = DjlRuntime.newManager()) {
                NDArray x = m.create(embeddings, new Shape(B, T, f.config.hiddenSize()));
                float[] out = output(f.decoder.forward(x, options(m))).toFloatArray();
                double sum = 0;
                for (int i = 0; i < out.length; i++) {
                    sum += (double) out[i] * readout[i];
                }
                return sum;
            }
        }

        ForwardOptions options(NDManager m) {
            ForwardOptions o = ForwardOptions.defaults().withPaddingMask(m.create(mask, new Shape(B, T)));
            return logits ? o : o.hiddenOnly();
        }

        NDArray output(DecoderOutput out) {
            return logits ? out.logits() : out.hidden();
        }

        /** Row {@code r}'s real tokens. */
        long[] row(int r) {
            int start = r == 1 ? PAD : 0;
            long[] real = new long[T - start];
            System.arraycopy(ids, r * T + start, real, 0, real.length);
            return real;
        }
    }

    private static Setup setup(Fixtures f, boolean logits) {
        long[] ids = new long[B * T];
        float[] mask = new float[B * T];
        long[] tokens = f.tokens(B * T, 77);
        for (int i = 0; i < B * T; i++) {
            boolean pad = i >= T && i < T + PAD;
            ids[i] = pad ? 0 : tokens[i];
            mask[i] = pad ? 0 : 1;
        }
        int width = logits ? f.config.vocabSize() : f.config.hiddenSize();
        float[] readout = new float[B * T * width];
        Random r = new Random(5);
        for (int i = 0; i < readout.length; i++) {
            readout[i] = mask[i / width] == 0 ? 0 : (float) r.nextGaussian();
        }
        return new Setup(f, ids, mask, readout, logits);
    }

    /** The gradient of the loss with respect to the embeddings of {@code s.ids}; optionally under GC pressure. */
    private static float[] gradient(Setup s, boolean garbageBetweenForwardAndBackward) {
        try (NDManager m = DjlRuntime.newManager()) {
            NDArray x = s.f.decoder.embed(m.create(s.ids, new Shape(B, T)));
            x.setRequiresGradient(true);
            try (GradientCollector collector = DjlRuntime.engine().newGradientCollector()) {
                NDArray out = s.output(s.f.decoder.forward(x, s.options(m)));
                NDArray loss = out.mul(m.create(s.readout, out.getShape())).sum();
                List<ByteBuffer> junk = garbageBetweenForwardAndBackward ? GarbagePressure.apply() : List.of();
                collector.backward(loss);
                Reference.reachabilityFence(junk);
            }
            return x.getGradient().toFloatArray();
        }
    }

    private static float[] embeddings(Setup s) {
        try (NDManager m = DjlRuntime.newManager()) {
            return s.f.decoder.embed(m.create(s.ids, new Shape(B, T))).toFloatArray();
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestModels.class, names = {"MISTRAL_WINDOW", "QWEN2_BIAS", "LLAMA_ATTENTION_BIAS"})
    void logitsReadoutGradientMatchesFiniteDifferences(TestModels model) {
        try (Fixtures f = new Fixtures(model, 51)) {
            checkAgainstFiniteDifferences(setup(f, true), false);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestModels.class, names = {"LLAMA_GQA", "LLAMA3_ROPE"})
    void hiddenReadoutGradientMatchesFiniteDifferences(TestModels model) {
        try (Fixtures f = new Fixtures(model, 52)) {
            checkAgainstFiniteDifferences(setup(f, false), false);
        }
    }

    /**
     * The hazard of DJL's scalar overloads: buffers freed by a GC between forward and backward. The decoder's
     * gradients are unaffected: equal to those computed without the GC, and to finite differences.
     */
    @ParameterizedTest
    @EnumSource(value = TestModels.class, names = {"MISTRAL_WINDOW", "QWEN2_BIAS"})
    void gradientsSurviveGarbageCollectionBetweenForwardAndBackward(TestModels model) {
        try (Fixtures f = new Fixtures(model, 53)) {
            Setup s = setup(f, true);
            float[] calm = gradient(s, false);
            float[] pressed = gradient(s, true);
            for (int i = 0; i < calm.length; i++) {
                assertFalse(pressed[i] == GarbagePressure.POISON, "poison value in the gradient at " + i);
                if (Math.abs(pressed[i] - calm[i]) > 1e-5 * (Math.abs(calm[i]) + 1e-3)) {
                    fail("gradient " + i + " after GC " + pressed[i] + " vs without " + calm[i]);
                }
            }
            checkAgainstFiniteDifferences(s, true);
        }
    }

    private static void checkAgainstFiniteDifferences(Setup s, boolean garbage) {
        float[] grad = gradient(s, garbage);
        float[] x = embeddings(s);
        int d = s.f.config.hiddenSize();
        // Pads are masked out as keys and not read out as queries: exactly no gradient.
        for (int t = 0; t < PAD; t++) {
            for (int i = 0; i < d; i++) {
                assertEquals(0f, grad[(T + t) * d + i], "gradient at pad token " + t + ", feature " + i);
            }
        }
        double rms = 0;
        for (float g : grad) {
            rms += (double) g * g;
        }
        rms = Math.sqrt(rms / grad.length);
        for (int[] c : COORDINATES) {
            int index = (c[0] * T + c[1]) * d + c[2];
            double g = grad[index];
            // 1. Float32 central differences through the decoder itself.
            float[] plus = x.clone();
            float[] minus = x.clone();
            plus[index] += (float) FD_STEP;
            minus[index] -= (float) FD_STEP;
            double fd = (s.loss(plus) - s.loss(minus)) / (plus[index] - minus[index]);
            assertTrue(Math.abs(fd - g) <= FD_ABS + FD_REL * Math.abs(g), String.format(
                    "%s %s: gradient %.6g vs float32 finite difference %.6g", s.f.config.modelType(), coord(c), g,
                    fd));
            // 2. Double-precision central differences through the reference (the row alone, unpadded).
            double ref = referenceDifference(s, c);
            assertTrue(Math.abs(ref - g) <= REF_REL * (Math.abs(ref) + rms), String.format(
                    "%s %s: gradient %.8g vs reference finite difference %.8g", s.f.config.modelType(), coord(c), g,
                    ref));
        }
    }

    private static double referenceDifference(Setup s, int[] c) {
        int start = c[0] == 1 ? PAD : 0;
        long[] row = s.row(c[0]);
        ReferenceDecoder ref = s.f.reference;
        double[][] base = ref.embed(row);
        long[] positions = new long[row.length];
        for (int t = 0; t < positions.length; t++) {
            positions[t] = t;
        }
        double[] losses = new double[2];
        for (int sign = 0; sign < 2; sign++) {
            double[][] x = new double[base.length][];
            for (int t = 0; t < x.length; t++) {
                x[t] = base[t].clone();
            }
            x[c[1] - start][c[2]] += sign == 0 ? REF_STEP : -REF_STEP;
            ReferenceDecoder.Output out = ref.forward(x, positions, null);
            double[][] rows = s.logits ? out.logits() : out.hidden();
            int width = s.width();
            double sum = 0;
            for (int t = 0; t < rows.length; t++) {
                for (int j = 0; j < width; j++) {
                    sum += rows[t][j] * s.readout[((c[0] * T) + start + t) * width + j];
                }
            }
            losses[sign] = sum;
        }
        return (losses[0] - losses[1]) / (2 * REF_STEP);
    }

    private static String coord(int[] c) {
        return "(row " + c[0] + ", token " + c[1] + ", feature " + c[2] + ")";
    }

    /** Forward and backward leave every base weight bit-identical and without a gradient. */
    @Test
    void baseWeightsStayFrozenAndBitIdentical() {
        try (Fixtures f = new Fixtures(TestModels.LLAMA_ATTENTION_BIAS, 54)) {
            Map<String, int[]> before = BaseWeightBits.of(f.decoder.weights());
            Setup s = setup(f, true);
            float[] g = gradient(s, false);
            gradient(setup(f, false), true);
            assertTrue(rms(g) > 0, "the input received no gradient");
            Map<String, int[]> after = BaseWeightBits.of(f.decoder.weights());
            BaseWeightBits.assertIdentical(before, after);
            f.decoder.weights().named().forEach((name, w) -> assertFalse(w.hasGradient(), name + " has a gradient"));
            assertEquals(f.weights.tensorNames().size(), before.size(), "every tensor of the source was compared");
        }
    }

    private static double rms(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s / v.length);
    }
}
