package org.tagllm.knime.engine.tags;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.GarbagePressure;
import org.tagllm.knime.engine.runtime.DjlRuntime;
import org.tagllm.knime.engine.runtime.OwnedArrays;

/** Pins the DJL 0.36 / libtorch behaviours this package relies on (the decoder's own are pinned in its package). */
class TagDjlHazardsTest {

    private static final int TRIALS = 3;

    /**
     * The splice and every readout gather rows with libtorch's embedding op: its backward must add each output
     * row's gradient into its source row, repeated rows accumulating, also after a GC between forward and backward.
     */
    @Test
    void rowGatherBackwardAccumulatesRepeatedRowsUnderGc() {
        for (int trial = 0; trial < TRIALS; trial++) {
            try (NDManager m = DjlRuntime.newManager()) {
                NDArray source = OwnedArrays.floats(m, new float[] {1, 2, 3, 4, 5, 6}, new Shape(3, 2));
                source.setRequiresGradient(true);
                try (NDManager call = m.newSubManager();
                        GradientCollector c = DjlRuntime.engine().newGradientCollector()) {
                    NDArray index = OwnedArrays.longs(call, new long[] {2, 0, 2, 2}, new Shape(2, 2));
                    NDArray rows = Rows.gather(source, index); // [2, 2, 2]
                    assertEquals(new Shape(2, 2, 2), rows.getShape());
                    assertArrayEquals(new float[] {5, 6, 1, 2, 5, 6, 5, 6}, rows.toFloatArray());
                    assertSame(call, rows.getManager(), "the result belongs to the index's manager");
                    NDArray weights = OwnedArrays.floats(call, new float[] {1, 10, 100, 1000, 1, 10, 100, 1000},
                            new Shape(2, 2, 2));
                    NDArray loss = rows.mul(weights).sum();
                    List<ByteBuffer> junk = GarbagePressure.apply();
                    c.backward(loss);
                    Reference.reachabilityFence(junk);
                }
                // Row 0 once (weights 100, 1000), row 1 never, row 2 three times (1+1+100, 10+10+1000).
                assertArrayEquals(new float[] {100, 1000, 0, 0, 102, 1020}, source.getGradient().toFloatArray(),
                        "trial " + trial);
            }
        }
    }

    /** The cross-entropy picks log-probabilities with torch.gather; its backward scatters into the picked entries. */
    @Test
    void gatherAlongAxisBackwardUnderGc() {
        for (int trial = 0; trial < TRIALS; trial++) {
            try (NDManager m = DjlRuntime.newManager()) {
                NDArray logits = OwnedArrays.floats(m, new float[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3));
                logits.setRequiresGradient(true);
                try (NDManager call = m.newSubManager();
                        GradientCollector c = DjlRuntime.engine().newGradientCollector()) {
                    NDArray picked = logits.gather(OwnedArrays.longs(call, new long[] {2, 0}, new Shape(2, 1)), 1);
                    assertArrayEquals(new float[] {3, 4}, picked.toFloatArray());
                    NDArray loss = picked.sum();
                    List<ByteBuffer> junk = GarbagePressure.apply();
                    c.backward(loss);
                    Reference.reachabilityFence(junk);
                }
                assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0}, logits.getGradient().toFloatArray(),
                        "trial " + trial);
            }
        }
    }

    /** {@link OwnedArrays} copies belong to libtorch: a view survives the original's close and a GC. */
    @Test
    void ownedArraysKeepTheirViewsIntact() {
        float[] data = {1, 2, 3, 4, 5, 6, 7, 8};
        long[] ids = {9, 8, 7, 6};
        for (int trial = 0; trial < TRIALS; trial++) {
            try (NDManager m = DjlRuntime.newManager()) {
                NDArray original = OwnedArrays.floats(m, data, new Shape(8));
                NDArray view = original.reshape(2, 4);
                NDArray longs = OwnedArrays.longs(m, ids, new Shape(4));
                NDArray longView = longs.reshape(2, 2);
                original.close();
                longs.close();
                List<ByteBuffer> junk = GarbagePressure.apply();
                assertArrayEquals(data, view.toFloatArray(), "trial " + trial);
                assertArrayEquals(ids, longView.toLongArray(), "trial " + trial);
                Reference.reachabilityFence(junk);
            }
        }
    }

    /**
     * Gradient mode off inside a collector records nothing and is restored after (the frozen-prefix path). Note that
     * DJL's {@code hasGradient()} is false for every non-leaf result, recorded or not, so it cannot tell.
     */
    @Test
    void gradientModeCanBeSwitchedOffInsideACollector() {
        try (NDManager m = DjlRuntime.newManager()) {
            NDArray p = OwnedArrays.floats(m, new float[] {1, 2}, new Shape(2));
            p.setRequiresGradient(true);
            try (GradientCollector c = DjlRuntime.engine().newGradientCollector()) {
                NDArray inside = WithoutGradients.run(() -> p.mul(p));
                assertTrue(JniUtils.isGradMode(), "gradient mode restored inside the collector");
                NDArray recorded = p.mul(p);
                c.backward(recorded.add(inside).sum());
            }
            // d/dp (p² recorded + p² unrecorded) = 2p: the unrecorded branch is a constant (4p if it were recorded).
            assertArrayEquals(new float[] {2, 4}, p.getGradient().toFloatArray(), "only the recorded branch counts");
        }
    }

    /** A concatenation belongs to its first operand's manager: the splice puts a call-owned zero row first. */
    @Test
    void concatenationBelongsToTheFirstOperandsManager() {
        try (NDManager longLived = DjlRuntime.newManager()) {
            NDArray tag = OwnedArrays.floats(longLived, new float[] {1, 2, 3, 4}, new Shape(2, 2));
            int held = longLived.getManagedArrays().size();
            try (NDManager call = DjlRuntime.newManager()) {
                NDArray bank = NDArrays.concat(new NDList(call.zeros(new Shape(1, 2)), tag), 0);
                assertSame(call, bank.getManager());
                assertArrayEquals(new float[] {0, 0, 1, 2, 3, 4}, bank.toFloatArray());
            }
            assertEquals(held, longLived.getManagedArrays().size());
        }
    }

    /** Freezing is {@code setRequiresGradient(false)}: the array then gets no gradient from a backward. */
    @Test
    void frozenArraysTakeNoGradient() {
        try (NDManager m = DjlRuntime.newManager()) {
            NDArray a = OwnedArrays.floats(m, new float[] {1, 2}, new Shape(2));
            NDArray b = OwnedArrays.floats(m, new float[] {3, 4}, new Shape(2));
            a.setRequiresGradient(true);
            b.setRequiresGradient(true);
            b.setRequiresGradient(false);
            assertTrue(a.hasGradient());
            assertFalse(b.hasGradient());
            try (GradientCollector c = DjlRuntime.engine().newGradientCollector()) {
                c.backward(a.mul(b).sum());
            }
            assertArrayEquals(new float[] {3, 4}, a.getGradient().toFloatArray());
            assertFalse(b.hasGradient(), "still frozen after backward");
        }
    }
}
