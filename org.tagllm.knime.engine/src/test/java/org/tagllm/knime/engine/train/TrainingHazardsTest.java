package org.tagllm.knime.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.runtime.DjlRuntime;
import org.tagllm.knime.engine.runtime.OwnedArrays;

/**
 * Pins the DJL 0.36 / libtorch behaviours the training package relies on or works around. "Documents" tests assert
 * the behaviour itself: if one fails, DJL changed and the workaround may be revisited.
 */
class TrainingHazardsTest {

    private static <T> T onNewThread(java.util.function.Supplier<T> task) throws InterruptedException {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                result.set(task.get());
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        t.join();
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        return result.get();
    }

    /** Why {@link NoGrad} exists: libtorch's grad mode is per thread and on in every thread DJL did not touch. */
    @Test
    void documentsThatNewThreadsRecordGradients() throws Exception {
        DjlRuntime.engine();
        assertTrue(onNewThread(JniUtils::isGradMode), "grad mode in a fresh thread");
    }

    /** Why updates run under {@link NoGrad}: an in-place write to a trainable leaf is refused while recording. */
    @Test
    void inPlaceWritesToTrainablesNeedGradientRecordingOff() {
        try (NDManager m = DjlRuntime.newManager()) {
            NDArray p = OwnedArrays.floats(m, new float[] {1, 2, 3}, new Shape(3));
            p.setRequiresGradient(true);
            boolean was = JniUtils.isGradMode();
            JniUtils.setGradMode(true);
            try {
                EngineException e = assertThrows(EngineException.class,
                        () -> OwnedArrays.copyInto(p, new float[] {4, 5, 6}));
                assertTrue(e.getMessage().contains("leaf Variable that requires grad"), e.getMessage());
                try (NoGrad ignored = NoGrad.enter()) {
                    OwnedArrays.copyInto(p, new float[] {4, Float.NaN, Float.NEGATIVE_INFINITY});
                }
                assertTrue(JniUtils.isGradMode(), "NoGrad restores the mode it found");
            } finally {
                JniUtils.setGradMode(was);
            }
            assertArrayEquals(new float[] {4, Float.NaN, Float.NEGATIVE_INFINITY}, p.toFloatArray());
            assertTrue(p.hasGradient());
        }
    }

    /**
     * Why the trainer does not check {@code loss.hasGradient()}: DJL reports false for every result of an operation,
     * even on the gradient path (backward still works).
     */
    @Test
    void documentsThatResultsOfOperationsReportNoGradient() {
        try (NDManager m = DjlRuntime.newManager()) {
            NDArray p = OwnedArrays.floats(m, new float[] {1, 2, 3}, new Shape(3));
            p.setRequiresGradient(true);
            try (GradientCollector c = DjlRuntime.engine().newGradientCollector()) {
                NDArray loss = p.mul(p).sum();
                assertFalse(loss.hasGradient());
                c.backward(loss);
            }
            assertArrayEquals(new float[] {2, 4, 6}, p.getGradient().toFloatArray());
        }
    }

    /**
     * Why the trainer attaches the trainables to each call's manager: results of operations, and the gradient
     * wrappers {@code getGradient()} makes, join the first operand's manager. With a temporary attachment they land in
     * the call and are freed with it; the trainable goes back to its owner, open. Closing a gradient wrapper leaves
     * the gradient itself alone; before any backward, {@code getGradient()} is zeros.
     */
    @Test
    void temporaryAttachmentRoutesResultsToTheCall() {
        try (NDManager home = DjlRuntime.newManager()) {
            NDArray p = OwnedArrays.floats(home, new float[] {1, 2, 3}, new Shape(3));
            p.setRequiresGradient(true);
            assertArrayEquals(new float[] {0, 0, 0}, p.getGradient().toFloatArray(), "no backward yet: zeros");
            NDArray result;
            NDArray gradient;
            try (NDManager call = home.newSubManager()) {
                p.tempAttach(call);
                try (GradientCollector c = DjlRuntime.engine().newGradientCollector()) {
                    result = p.mul(p).sum();
                    c.backward(result);
                }
                gradient = p.getGradient();
                assertSame(call, result.getManager());
                assertSame(call, gradient.getManager());
            }
            assertTrue(result.isReleased() && gradient.isReleased(), "freed with the call");
            assertSame(home, p.getManager());
            assertFalse(p.isReleased());
            assertArrayEquals(new float[] {2, 4, 6}, p.getGradient().toFloatArray(), "the gradient survives");
        }
    }

    /** Why only one training run may compute at a time: DJL allows one collecting gradient collector per JVM. */
    @Test
    void documentsOneGradientCollectorPerJvm() throws Exception {
        try (GradientCollector outer = DjlRuntime.engine().newGradientCollector()) {
            Throwable e = onNewThread(() -> {
                try (GradientCollector inner = DjlRuntime.engine().newGradientCollector()) {
                    return null;
                } catch (IllegalStateException expected) {
                    return expected;
                }
            });
            assertTrue(e != null && e.getMessage().contains("Only one can be collecting"), String.valueOf(e));
        }
    }
}
