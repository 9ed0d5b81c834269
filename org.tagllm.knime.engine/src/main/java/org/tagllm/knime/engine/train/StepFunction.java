package org.tagllm.knime.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;

/**
 * The model's side of a training step: the forward pass and the loss of one micro-batch. The {@link Trainer} calls
 * it inside a gradient collector and runs backward on the result; what the model is does not matter to it.
 *
 * @param <E> a training example
 */
@FunctionalInterface
public interface StepFunction<E> {

    /**
     * The loss of {@code microBatch} as a scalar array (one element), averaged over the micro-batch's examples; it
     * must depend on the trainables. Put every array of the call in {@code callManager} (closed after backward);
     * the trainables are temporarily attached to it for the call, so results of operations on them land there too.
     * Do not use DJL's {@code Number} overloads ({@code mul(2.0)} …) on the gradient path: their scalars are freed
     * before backward. The trainer scales the loss for gradient accumulation itself.
     */
    NDArray loss(List<E> microBatch, NDManager callManager);
}
