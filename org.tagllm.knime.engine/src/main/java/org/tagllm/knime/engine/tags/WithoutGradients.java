package org.tagllm.knime.engine.tags;

import ai.djl.pytorch.jni.JniUtils;
import java.util.function.Supplier;

/**
 * Runs code with libtorch's gradient mode off (PyTorch's {@code torch.no_grad()}), restoring the previous mode after:
 * nothing computed inside records a graph, even inside a {@code GradientCollector} and even from arrays that
 * require gradients. DJL has no public switch for it; its own collector uses the same JNI call.
 */
final class WithoutGradients {

    private WithoutGradients() {}

    static <T> T run(Supplier<T> work) {
        boolean previous = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            return work.get();
        } finally {
            JniUtils.setGradMode(previous);
        }
    }
}
