package org.tagllm.knime.engine.train;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Turns libtorch's autograd recording off for the current thread until closed, then restores what was there: the
 * equivalent of {@code with torch.no_grad():}. Grad mode is thread-local in libtorch, and a thread starts with it on,
 * so code that updates trainable arrays in place must not rely on DJL having switched it off.
 */
final class NoGrad implements AutoCloseable {

    private final boolean previous;

    private NoGrad(boolean previous) {
        this.previous = previous;
    }

    static NoGrad enter() {
        boolean previous = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        return new NoGrad(previous);
    }

    @Override
    public void close() {
        JniUtils.setGradMode(previous);
    }
}
