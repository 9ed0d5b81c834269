package org.tagllm.knime.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.model.Gradients;
import org.tagllm.knime.engine.runtime.DjlRuntime;
import org.tagllm.knime.engine.runtime.OwnedArrays;
import org.tagllm.knime.engine.tensor.FloatTensor;

/**
 * AdamW against {@link ReferenceAdamW} (double precision). Tolerance, per element of parameters and both moments:
 * |float − double| ≤ 1e-6 (|double| + rms of the tensor), i.e. 1e-6 relative with the tensor's own scale as the
 * floor near zero; observed errors are below 1e-7.
 */
class AdamWTest {

    private static final double REL = 1e-6;
    private static final long[] SHAPE_A = {3, 4};
    private static final long[] SHAPE_B = {5};
    private static final int SIZE = 17;

    private static TrainableSet set(double[] initial) {
        return TrainableSet.builder().add("a", new FloatTensor(partA(initial), SHAPE_A))
                .add("b", new FloatTensor(partB(initial), SHAPE_B)).build();
    }

    /** The first 12 of the 17 values, those of tensor a, as floats. */
    private static float[] partA(double[] values) {
        return asFloats(values, 0, 12);
    }

    /** The last 5 of the 17 values, those of tensor b, as floats. */
    private static float[] partB(double[] values) {
        return asFloats(values, 12, SIZE);
    }

    private static float[] asFloats(double[] values, int from, int to) {
        float[] f = new float[to - from];
        for (int i = from; i < to; i++) {
            f[i - from] = (float) values[i];
        }
        return f;
    }

    /** Values exactly representable in float32, so that the reference starts from the same numbers. */
    private static double[] floats(Random r, double scale) {
        double[] v = new double[SIZE];
        for (int i = 0; i < SIZE; i++) {
            v[i] = (float) (r.nextGaussian() * scale);
        }
        return v;
    }

    /** Leaves exactly {@code g} in the gradients: d/dp sum(p · g) = g. */
    static void setGradients(TrainableSet set, double[] g) {
        Gradients.zero(set.arrays().toArray(NDArray[]::new));
        float[] ga = partA(g);
        float[] gb = partB(g);
        try (NDManager m = DjlRuntime.newManager()) {
            for (NDArray p : set.arrays()) {
                p.tempAttach(m);
            }
            try (GradientCollector c = DjlRuntime.engine().newGradientCollector()) {
                NDArray loss = set.get("a").mul(OwnedArrays.floats(m, ga, new Shape(SHAPE_A))).sum()
                        .add(set.get("b").mul(OwnedArrays.floats(m, gb, new Shape(SHAPE_B))).sum());
                c.backward(loss);
            }
        }
    }

    private static float[] flat(Map<String, FloatTensor> tensors) {
        float[] out = new float[SIZE];
        System.arraycopy(tensors.get("a").values(), 0, out, 0, 12);
        System.arraycopy(tensors.get("b").values(), 0, out, 12, 5);
        return out;
    }

    @Test
    void matchesDoublePrecisionReferenceWithWeightDecayAndChangingRate() {
        Random r = new Random(11);
        double[] initial = floats(r, 1);
        ReferenceAdamW ref = new ReferenceAdamW(initial, 0.9, 0.999, 1e-8, 0.1, 0);
        try (TrainableSet set = set(initial);
                AdamW adamW = new AdamW(set, AdamWSettings.defaults().withWeightDecay(0.1))) {
            for (int t = 1; t <= 20; t++) {
                double lr = 1e-2 * (1 + 0.5 * Math.sin(t)); // changes every step
                double[] g = floats(r, 1 + t % 3);
                setGradients(set, g);
                adamW.step(lr);
                ref.step(g, lr);
                AdamWState state = adamW.exportState();
                float[] p = flat(set.export());
                Bits.assertClose("parameters after step " + t, ref.p, p, REL);
                Bits.assertClose("m after step " + t, ref.m, flat(state.firstMoments()), REL);
                Bits.assertClose("v after step " + t, ref.v, flat(state.secondMoments()), REL);
                assertEquals(t, state.step());
            }
            // The parameters moved far beyond the tolerance: the comparison is not vacuous.
            assertTrue(Bits.worst(initial, flat(set.export())) > 1e-2);
        }
    }

    /** At t = 1 bias correction makes m̂ = g and v̂ = g², so each parameter moves by lr · g / (|g| + ε). */
    @Test
    void firstStepIsBiasCorrected() {
        Random r = new Random(12);
        double[] initial = floats(r, 1);
        double[] g = floats(r, 1e-3); // small gradients: without bias correction the step would be far smaller
        g[3] = 0; // no gradient: no movement (0 / (0 + ε))
        double lr = 0.05;
        try (TrainableSet set = set(initial); AdamW adamW = new AdamW(set, AdamWSettings.defaults())) {
            setGradients(set, g);
            adamW.step(lr);
            float[] p = flat(set.export());
            for (int i = 0; i < SIZE; i++) {
                double expected = initial[i] - lr * g[i] / (Math.abs(g[i]) + 1e-8);
                assertEquals(expected, p[i], REL * (Math.abs(expected) + lr), "parameter " + i);
            }
            assertEquals((float) initial[3], p[3], "a zero gradient leaves the parameter alone");
        }
    }

    @Test
    void clippingMatchesReference() {
        Random r = new Random(13);
        double[] initial = floats(r, 1);
        ReferenceAdamW ref = new ReferenceAdamW(initial, 0.8, 0.99, 1e-6, 0.01, 0.5);
        AdamWSettings settings = new AdamWSettings(0.8, 0.99, 1e-6, 0.01, 0.5);
        try (TrainableSet set = set(initial); AdamW adamW = new AdamW(set, settings)) {
            for (int t = 1; t <= 6; t++) {
                // Steps 1-3 are clipped (norm ~ 12), steps 4-6 are not (norm ~ 0.04).
                double[] g = floats(r, t <= 3 ? 3 : 0.01);
                setGradients(set, g);
                adamW.step(0.02);
                ref.step(g, 0.02);
                Bits.assertClose("parameters after step " + t, ref.p, flat(set.export()), REL);
                Bits.assertClose("m after step " + t, ref.m, flat(adamW.exportState().firstMoments()), REL);
            }
        }
    }

    @Test
    void exportedStateContinuesBitIdentically() {
        Random r = new Random(14);
        double[] initial = floats(r, 1);
        double[][] grads = new double[10][];
        for (int t = 0; t < 10; t++) {
            grads[t] = floats(r, 1);
        }
        AdamWSettings settings = AdamWSettings.defaults().withWeightDecay(0.05);
        try (TrainableSet first = set(initial); AdamW a = new AdamW(first, settings);
                TrainableSet second = set(new double[SIZE]); AdamW b = new AdamW(second, settings)) {
            for (int t = 0; t < 5; t++) {
                setGradients(first, grads[t]);
                a.step(1e-2);
            }
            second.load(first.export());
            b.importState(a.exportState());
            assertEquals(5, b.stepCount());
            for (int t = 5; t < 10; t++) {
                setGradients(first, grads[t]);
                a.step(1e-2);
                setGradients(second, grads[t]);
                b.step(1e-2);
            }
            Bits.assertBitIdentical("parameters", first.export(), second.export());
            Bits.assertBitIdentical("m", a.exportState().firstMoments(), b.exportState().firstMoments());
            Bits.assertBitIdentical("v", a.exportState().secondMoments(), b.exportState().secondMoments());
        }
    }

    /**
     * libtorch starts every new thread with gradient recording on (KNIME runs nodes on worker threads); the update
     * must still not be recorded: an in-place update of a leaf that requires a gradient would throw.
     */
    @Test
    void stepsOnThreadsWithGradientRecordingOn() throws Exception {
        Random r = new Random(15);
        double[] initial = floats(r, 1);
        try (TrainableSet set = set(initial); AdamW adamW = new AdamW(set, AdamWSettings.defaults())) {
            setGradients(set, floats(r, 1));
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicReference<Boolean> gradMode = new AtomicReference<>();
            Thread worker = new Thread(() -> {
                try {
                    gradMode.set(JniUtils.isGradMode());
                    adamW.step(1e-3);
                    gradMode.set(gradMode.get() && JniUtils.isGradMode()); // restored afterwards
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            worker.start();
            worker.join();
            if (failure.get() != null) {
                throw new AssertionError("step failed on a fresh thread", failure.get());
            }
            assertTrue(gradMode.get(), "grad mode was on in the new thread and is on again after the step");
            // Still leaves that collect gradients (a recorded update would have made them results of operations).
            double[] g = floats(r, 1);
            setGradients(set, g);
            float[] collected = new float[SIZE];
            System.arraycopy(set.get("a").getGradient().toFloatArray(), 0, collected, 0, 12);
            System.arraycopy(set.get("b").getGradient().toFloatArray(), 0, collected, 12, 5);
            Bits.assertClose("gradient after the step", g, collected, 0);
        }
    }

    @Test
    void rejectsBadInput() {
        try (TrainableSet set = set(new double[SIZE]); AdamW adamW = new AdamW(set, AdamWSettings.defaults())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> adamW.step(-1));
            assertTrue(e.getMessage().contains("-1.0"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> adamW.step(Double.NaN));
            Map<String, FloatTensor> wrong = new LinkedHashMap<>();
            wrong.put("a", new FloatTensor(new float[12], SHAPE_A));
            wrong.put("c", new FloatTensor(new float[5], SHAPE_B));
            e = assertThrows(IllegalArgumentException.class, () -> adamW.importState(new AdamWState(1, wrong, wrong)));
            assertTrue(e.getMessage().contains("[a, c]") && e.getMessage().contains("[a, b]"), e.getMessage());
            Map<String, FloatTensor> reshaped = new LinkedHashMap<>();
            reshaped.put("a", new FloatTensor(new float[12], new long[] {4, 3}));
            reshaped.put("b", new FloatTensor(new float[5], SHAPE_B));
            e = assertThrows(IllegalArgumentException.class,
                    () -> adamW.importState(new AdamWState(1, reshaped, reshaped)));
            assertTrue(e.getMessage().contains("[4, 3]") && e.getMessage().contains("[3, 4]"), e.getMessage());
        }
        for (var bad : List.<Runnable>of(() -> AdamWSettings.defaults().withBetas(1.0, 0.999),
                () -> AdamWSettings.defaults().withBetas(0.9, -0.1), () -> AdamWSettings.defaults().withEpsilon(0),
                () -> AdamWSettings.defaults().withWeightDecay(-0.5),
                () -> AdamWSettings.defaults().withMaxGradientNorm(Double.POSITIVE_INFINITY))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad::run);
            assertTrue(e.getMessage().matches(".*(beta1|beta2|epsilon|weightDecay|maxGradientNorm).*got .*"),
                    e.getMessage());
        }
    }
}
