package org.tagllm.knime.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Gradient housekeeping DJL does not do for us. DJL's {@code GradientCollector} accumulates into {@code .grad} across
 * backward calls (as PyTorch does), so a training step must reset the gradients of its trainable arrays first.
 */
public final class Gradients {

    private Gradients() {}

    /**
     * Sets the gradients of the given arrays to zero in place (libtorch's {@code grad.zero_()}, which also clears
     * NaN and infinity, unlike subtracting the gradient from itself).
     *
     * @throws IllegalArgumentException if an array does not require a gradient or is not a PyTorch array
     */
    public static void zero(NDArray... arrays) {
        for (NDArray a : arrays) {
            if (!(a instanceof PtNDArray pt)) {
                throw new IllegalArgumentException("not a PyTorch array: " + a);
            }
            if (!a.hasGradient()) {
                throw new IllegalArgumentException("array " + a.getName() + " " + a.getShape()
                        + " has no gradient: call setRequiresGradient(true) first");
            }
            JniUtils.zeroGrad(pt);
        }
    }
}
