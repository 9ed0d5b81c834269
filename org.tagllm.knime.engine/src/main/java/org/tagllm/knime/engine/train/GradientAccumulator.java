package org.tagllm.knime.engine.train;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.BooleanSupplier;
import org.tagllm.knime.engine.model.Gradients;
import org.tagllm.knime.engine.model.PendingBackward;
import org.tagllm.knime.engine.runtime.DjlRuntime;
import org.tagllm.knime.engine.runtime.OwnedArrays;

/**
 * Computes the gradient of one optimizer step's batch, micro-batch by micro-batch, into the trainables' gradients.
 * The gradients are zeroed first (DJL's collector adds to them on every backward, as PyTorch does). Micro-batch j of
 * n_j examples returns its mean loss L_j; backward runs on {@code L_j · n_j / n}, so that the accumulated gradient is
 * that of the mean loss over all n examples of the batch, exactly as one big batch would give, uneven last
 * micro-batch included.
 */
final class GradientAccumulator<E> {

    private final TrainableSet trainables;
    private final StepFunction<E> stepFunction;
    private final int microBatchSize;
    private final Runnable beforeBackward;

    /** @param beforeBackward runs between the scaled loss and its backward (tests provoke garbage collection there) */
    GradientAccumulator(TrainableSet trainables, StepFunction<E> stepFunction, int microBatchSize,
            Runnable beforeBackward) {
        this.trainables = trainables;
        this.stepFunction = stepFunction;
        this.microBatchSize = microBatchSize;
        this.beforeBackward = beforeBackward;
    }

    /**
     * Leaves the gradient of the batch's mean loss in the trainables and returns that loss; empty when
     * {@code cancelled} turned true between two micro-batches (the gradients are then incomplete).
     */
    OptionalDouble accumulate(List<E> batch, NDManager parent, BooleanSupplier cancelled) {
        List<NDArray> arrays = trainables.arrays();
        Gradients.zero(arrays.toArray(NDArray[]::new));
        int n = batch.size();
        double loss = 0;
        for (int start = 0; start < n; start += microBatchSize) {
            if (start > 0 && cancelled.getAsBoolean()) {
                return OptionalDouble.empty();
            }
            List<E> micro = batch.subList(start, Math.min(n, start + microBatchSize));
            double weight = (double) micro.size() / n;
            try (NDManager call = parent.newSubManager()) {
                for (NDArray a : arrays) {
                    a.tempAttach(call); // results of operations on the trainables go to the call, not to their owner
                }
                try (GradientCollector collector = DjlRuntime.engine().newGradientCollector();
                        PendingBackward pending = PendingBackward.open()) {
                    NDArray microLoss = stepFunction.loss(micro, call);
                    double value = checkedValue(microLoss, micro.size());
                    NDArray scaled = microLoss.mul(OwnedArrays.scalar(call, (float) weight));
                    scaled.attach(call);
                    beforeBackward.run();
                    backward(collector, pending, scaled);
                    loss += weight * value;
                }
            }
        }
        return OptionalDouble.of(loss);
    }

    // DJL's hasGradient() is false for every result of an operation, so whether the loss depends on the trainables
    // shows only here, when libtorch refuses to differentiate it.
    private static void backward(GradientCollector collector, PendingBackward pending, NDArray loss) {
        try {
            pending.backward(collector, loss); // and the decoder's recomputed blocks, if it recomputes
        } catch (EngineException e) {
            throw new IllegalStateException("backward through the step function's loss failed (does the loss depend "
                    + "on the trainables?): " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    private static double checkedValue(NDArray loss, int examples) {
        if (loss == null) {
            throw new IllegalStateException("the step function returned no loss for a micro-batch of " + examples
                    + " examples");
        }
        if (loss.getShape().size() != 1) {
            throw new IllegalStateException("the step function must return a scalar loss (the mean over the "
                    + "micro-batch), got shape " + loss.getShape());
        }
        return loss.getDataType() == DataType.FLOAT32 ? loss.toFloatArray()[0]
                : loss.toType(DataType.FLOAT64, false).toDoubleArray()[0];
    }
}
