package org.tagllm.knime.engine.tags;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.tagllm.knime.engine.runtime.DjlRuntime;
import org.tagllm.knime.engine.runtime.OwnedArrays;
import org.tagllm.knime.engine.tensor.FloatTensor;

/**
 * A linear regression head without bias, d to k outputs, trained with mean squared error on standardised targets
 * ({@link TargetScaling}); predictions are reported in the original units.
 *
 * <p><b>Initialisation</b> as the official code (train.py: {@code lm_head_reg.weight =
 * torch.stack([avg_emb] * regression_out_dim)}): every row of the weight is the mean vocabulary embedding, not
 * rescaled. The official loss is 100 * MSE on raw targets; here the targets are standardised instead and the loss is
 * plain MSE (a constant factor only rescales the learning rate).
 */
public final class RegressionHead implements TaskHead {

    /**
     * Everything a tag bank stores of the head.
     *
     * @param functionTag the owning function tag
     * @param weight      {@code head.<Tag>.weight}, [k, d]
     * @param targetMean  training-target mean per output
     * @param targetStd   training-target std per output
     */
    public record State(String functionTag, FloatTensor weight, double[] targetMean, double[] targetStd) {
        public State {
            targetMean = targetMean.clone();
            targetStd = targetStd.clone();
        }

        @Override
        public double[] targetMean() {
            return targetMean.clone();
        }

        @Override
        public double[] targetStd() {
            return targetStd.clone();
        }
    }

    private final NDManager manager;
    private final String functionTag;
    private final NDArray weight; // [k, d]
    private final TargetScaling scaling;

    private RegressionHead(String functionTag, float[] weight, int outputs, int hiddenSize, TargetScaling scaling,
            boolean trainable, Device device) {
        TagSpec.checkName(functionTag);
        if (scaling.outputs() != outputs) {
            throw new IllegalArgumentException("the target scaling has " + scaling.outputs() + " outputs, the head "
                    + outputs);
        }
        this.functionTag = functionTag;
        this.scaling = scaling;
        this.manager = DjlRuntime.newManager(device);
        this.weight = OwnedArrays.floats(manager, weight, new Shape(outputs, hiddenSize));
        this.weight.setName(weightName(functionTag));
        this.weight.setRequiresGradient(trainable);
    }

    /** A new trainable head with the official initialisation (rows = the mean vocabulary embedding). */
    public static RegressionHead create(String functionTag, EmbeddingStatistics statistics, TargetScaling scaling) {
        return create(functionTag, statistics, scaling, Device.cpu());
    }

    /** As {@link #create(String, EmbeddingStatistics, TargetScaling)}, on the model's device. */
    public static RegressionHead create(String functionTag, EmbeddingStatistics statistics, TargetScaling scaling,
            Device device) {
        float[] mean = statistics.mean();
        int k = scaling.outputs();
        float[] w = new float[k * mean.length];
        for (int j = 0; j < k; j++) {
            System.arraycopy(mean, 0, w, j * mean.length, mean.length);
        }
        return new RegressionHead(functionTag, w, k, mean.length, scaling, true, device);
    }

    /** A head from its stored state. */
    public static RegressionHead restore(State state, boolean trainable) {
        return restore(state, trainable, Device.cpu());
    }

    /** A head from its stored state, on the model's device. */
    public static RegressionHead restore(State state, boolean trainable, Device device) {
        long[] shape = state.weight().shape();
        if (shape.length != 2) {
            throw new IllegalArgumentException("expected a 2-d tensor " + weightName(state.functionTag())
                    + ", got " + state.weight());
        }
        state.weight().requirePositiveDimensions(weightName(state.functionTag()));
        return new RegressionHead(state.functionTag(), state.weight().values(), (int) shape[0], (int) shape[1],
                new TargetScaling(state.targetMean(), state.targetStd()), trainable, device);
    }

    /** {@code head.<Tag>.weight}. */
    public static String weightName(String functionTag) {
        return "head." + functionTag + ".weight";
    }

    @Override
    public String functionTag() {
        return functionTag;
    }

    /** k. */
    public int outputs() {
        return scaling.outputs();
    }

    public TargetScaling scaling() {
        return scaling;
    }

    /** Standardised predictions [B, k] of readout hidden states [B, d], in the hidden states' manager. */
    public NDArray forward(NDArray hidden) {
        return hidden.getNDArrayInternal().linear(hidden, weight, null).singletonOrThrow();
    }

    /**
     * Mean squared error between the predictions for {@code hidden} [B, d] and the standardised {@code targets}
     * [B][k] (original units), averaged over B * k; a scalar in the hidden states' manager.
     */
    public NDArray loss(NDArray hidden, double[][] targets) {
        NDArray predictions = forward(hidden);
        long b = predictions.getShape().get(0);
        if (targets.length != b) {
            throw new IllegalArgumentException(targets.length + " target rows for a batch of " + b);
        }
        NDArray y = OwnedArrays.floats(hidden.getManager(), scaling.standardise(targets), predictions.getShape());
        return predictions.sub(y).square().mean();
    }

    /** Predictions in the original units, [B][k], of standardised predictions [B, k]. */
    public double[][] toOriginalUnits(NDArray standardised) {
        return scaling.restore(standardised.toFloatArray());
    }

    @Override
    public List<NDArray> parameters() {
        return List.of(weight);
    }

    public State export() {
        long[] shape = weight.getShape().getShape();
        return new State(functionTag, new FloatTensor(weight.toFloatArray(), shape),
                scaling.mean(), scaling.std());
    }

    @Override
    public void close() {
        manager.close();
    }
}
