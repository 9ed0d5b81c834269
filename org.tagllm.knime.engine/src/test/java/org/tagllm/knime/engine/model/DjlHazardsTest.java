package org.tagllm.knime.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.GarbagePressure;
import org.tagllm.knime.engine.runtime.DjlRuntime;
import org.tagllm.knime.engine.runtime.OwnedArrays;

/**
 * Pins the DJL 0.36 / libtorch behaviours the decoder is designed around. The "documents" tests assert the bug
 * itself: if one starts failing, DJL has changed and the workaround may be revisited (it stays harmless).
 */
class DjlHazardsTest {

    private static final int TRIALS = 5;

    /**
     * d/dp sum(p * 2.5) computed with {@code mul(Number)}, with a GC between forward and backward: DJL closes the
     * scalar it wrapped around a Java direct buffer right after the forward op, the GC frees the buffer, and
     * backward reads whatever lies there now. Seen here: -777 (our poison) or garbage instead of 2.5.
     */
    @Test
    void documentsThatNumberOverloadsCorruptGradientsAfterGc() {
        List<String> seen = new ArrayList<>();
        boolean corrupted = false;
        for (int trial = 0; trial < TRIALS && !corrupted; trial++) {
            float[] g = gradientUnderGc((m, p) -> p.mul(2.5f));
            seen.add(Arrays.toString(g));
            corrupted = g[0] != 2.5f || g[1] != 2.5f || g[2] != 2.5f;
        }
        assertTrue(corrupted, "mul(Number) gave correct gradients under GC pressure in " + TRIALS
                + " trials: DJL may have fixed the scalar-buffer bug. Gradients: " + seen);
    }

    /** The workaround: a libtorch-owned scalar array; correct even when its Java handle is closed before backward. */
    @Test
    void libtorchOwnedScalarsGiveCorrectGradientsUnderGc() {
        for (int trial = 0; trial < TRIALS; trial++) {
            float[] g = gradientUnderGc((m, p) -> {
                try (NDArray scale = OwnedArrays.scalar(m, 2.5f)) {
                    return p.mul(scale);
                }
            });
            assertArrayEquals(new float[] {2.5f, 2.5f, 2.5f}, g, "trial " + trial);
        }
    }

    /** Also fine: a Java-buffer-backed scalar that stays open (held by its manager) until after backward. */
    @Test
    void scalarArraysKeptOpenUntilBackwardGiveCorrectGradientsUnderGc() {
        for (int trial = 0; trial < TRIALS; trial++) {
            float[] g = gradientUnderGc((m, p) -> p.mul(m.create(2.5f)));
            assertArrayEquals(new float[] {2.5f, 2.5f, 2.5f}, g, "trial " + trial);
        }
    }

    private static float[] gradientUnderGc(BiFunction<NDManager, NDArray, NDArray> times) {
        try (NDManager m = DjlRuntime.newManager()) {
            NDArray p = m.create(new float[] {1, 2, 3});
            p.setRequiresGradient(true);
            try (GradientCollector collector = DjlRuntime.engine().newGradientCollector()) {
                NDArray loss = times.apply(m, p).sum();
                List<ByteBuffer> junk = GarbagePressure.apply();
                collector.backward(loss);
                Reference.reachabilityFence(junk);
            }
            return p.getGradient().toFloatArray();
        }
    }

    /**
     * The same root cause without autograd: a view of an array created from Java data reads freed memory once the
     * original is closed and collected. {@link OwnedArrays} copies into libtorch-owned memory instead.
     */
    @Test
    void documentsThatViewsOfClosedJavaBackedArraysReadFreedMemory() {
        float[] data = {1, 2, 3, 4, 5, 6, 7, 8};
        List<String> seen = new ArrayList<>();
        boolean corrupted = false;
        for (int trial = 0; trial < TRIALS && !corrupted; trial++) {
            try (NDManager m = DjlRuntime.newManager()) {
                NDArray original = m.create(data, new Shape(8));
                NDArray view = original.reshape(2, 4);
                original.close();
                List<ByteBuffer> junk = GarbagePressure.apply();
                float[] read = view.toFloatArray();
                Reference.reachabilityFence(junk);
                seen.add(Arrays.toString(read));
                corrupted = !Arrays.equals(data, read);
            }
        }
        assertTrue(corrupted, "views stayed intact in " + TRIALS + " trials: DJL may now copy Java data. Read: "
                + seen);
    }

    @Test
    void libtorchOwnedArraysKeepTheirViewsIntact() {
        float[] data = {1, 2, 3, 4, 5, 6, 7, 8};
        for (int trial = 0; trial < TRIALS; trial++) {
            try (NDManager m = DjlRuntime.newManager()) {
                NDArray original = OwnedArrays.floats(m, data, new Shape(8));
                NDArray view = original.reshape(2, 4);
                original.close();
                List<ByteBuffer> junk = GarbagePressure.apply();
                assertArrayEquals(data, view.toFloatArray(), "trial " + trial);
                Reference.reachabilityFence(junk);
            }
        }
    }

    /** GradientCollector adds to .grad on every backward; {@link Gradients#zero} resets it (NaN included). */
    @Test
    void gradientsAccumulateUntilZeroed() {
        try (NDManager m = DjlRuntime.newManager()) {
            NDArray p = m.create(new float[] {1, 2, 3});
            p.setRequiresGradient(true);
            backwardOfSquare(p);
            assertArrayEquals(new float[] {2, 4, 6}, p.getGradient().toFloatArray());
            backwardOfSquare(p);
            assertArrayEquals(new float[] {4, 8, 12}, p.getGradient().toFloatArray(), "second backward accumulates");
            Gradients.zero(p);
            assertArrayEquals(new float[] {0, 0, 0}, p.getGradient().toFloatArray());
            backwardOfSquare(p);
            assertArrayEquals(new float[] {2, 4, 6}, p.getGradient().toFloatArray());

            NDArray n = m.create(new float[] {Float.NaN, 1});
            n.setRequiresGradient(true);
            backwardOfSquare(n);
            assertTrue(Float.isNaN(n.getGradient().toFloatArray()[0]));
            Gradients.zero(n, p);
            assertArrayEquals(new float[] {0, 0}, n.getGradient().toFloatArray(), "NaN is cleared too");
            assertArrayEquals(new float[] {0, 0, 0}, p.getGradient().toFloatArray());

            NDArray frozen = m.create(new float[] {1});
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Gradients.zero(frozen));
            assertTrue(e.getMessage().contains("has no gradient"), e.getMessage());
        }
    }

    private static void backwardOfSquare(NDArray p) {
        try (GradientCollector collector = DjlRuntime.engine().newGradientCollector()) {
            collector.backward(p.mul(p).sum());
        }
    }
}
