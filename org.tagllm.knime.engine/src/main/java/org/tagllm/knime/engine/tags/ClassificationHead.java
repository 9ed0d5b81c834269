package org.tagllm.knime.engine.tags;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.tagllm.knime.engine.runtime.DjlRuntime;
import org.tagllm.knime.engine.runtime.OwnedArrays;
import org.tagllm.knime.engine.tensor.FloatTensor;

/**
 * A linear classification head with bias, d to C logits (C >= 2; binary tasks use C = 2), trained with softmax
 * cross-entropy. Output probabilities are calibrated by temperature scaling: {@code softmax(logits / T)} with one
 * scalar T fitted on validation logits ({@link #fitTemperature}); T = 1 until fitted.
 *
 * <p><b>Initialisation.</b> The official code has no classification head (its classification tasks generate the
 * answer with the LM head), so this one starts like the decoder's own linear layers: weight N(0, 0.02²) from a seed,
 * bias 0. (Identical rows, such as the regression head's mean-embedding rows, would give every class the same logit
 * and pass no gradient to the tags in the first step.)
 */
public final class ClassificationHead implements TaskHead {

    /** Standard deviation of the initial weights (HF's {@code initializer_range}). */
    public static final double INIT_STD = 0.02;

    /**
     * Everything a tag bank stores of the head.
     *
     * @param functionTag the owning function tag
     * @param weight      {@code head.<Tag>.weight}, [C, d]
     * @param bias        {@code head.<Tag>.bias}, [C]
     * @param classes     the class labels, index = class
     * @param temperature the calibration temperature
     */
    public record State(String functionTag, FloatTensor weight, FloatTensor bias, List<String> classes,
            double temperature) {
        public State {
            classes = List.copyOf(classes);
        }
    }

    private final NDManager manager;
    private final String functionTag;
    private final List<String> classes;
    private final NDArray weight; // [C, d]
    private final NDArray bias; // [C]
    private volatile double temperature;

    private ClassificationHead(String functionTag, List<String> classes, float[] weight, float[] bias,
            int hiddenSize, double temperature, boolean trainable, Device device) {
        TagSpec.checkName(functionTag);
        checkClasses(classes);
        checkTemperature(temperature);
        int c = classes.size();
        if (weight.length != (long) c * hiddenSize || bias.length != c) {
            throw new IllegalArgumentException("head " + functionTag + ": weight must be [" + c + ", " + hiddenSize
                    + "] and bias [" + c + "], got " + weight.length + " and " + bias.length + " values");
        }
        this.functionTag = functionTag;
        this.classes = List.copyOf(classes);
        this.temperature = temperature;
        this.manager = DjlRuntime.newManager(device);
        this.weight = OwnedArrays.floats(manager, weight, new Shape(c, hiddenSize));
        this.bias = OwnedArrays.floats(manager, bias, new Shape(c));
        this.weight.setName(weightName(functionTag));
        this.bias.setName(biasName(functionTag));
        setTrainable(trainable);
    }

    /** A new trainable head: weight N(0, {@value #INIT_STD}²) drawn from {@code seed}, bias 0, T = 1. */
    public static ClassificationHead create(String functionTag, List<String> classes, int hiddenSize, long seed) {
        return create(functionTag, classes, hiddenSize, seed, Device.cpu());
    }

    /** As {@link #create(String, List, int, long)}, on the model's device. */
    public static ClassificationHead create(String functionTag, List<String> classes, int hiddenSize, long seed,
            Device device) {
        checkClasses(classes);
        Random random = new Random(seed);
        float[] w = new float[classes.size() * hiddenSize];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (random.nextGaussian() * INIT_STD);
        }
        return new ClassificationHead(functionTag, classes, w, new float[classes.size()], hiddenSize, 1.0, true,
                device);
    }

    /** A head from its stored state. */
    public static ClassificationHead restore(State state, boolean trainable) {
        return restore(state, trainable, Device.cpu());
    }

    /** A head from its stored state, on the model's device. */
    public static ClassificationHead restore(State state, boolean trainable, Device device) {
        int c = state.classes().size();
        long[] shape = state.weight().shape();
        if (shape.length != 2) {
            throw new IllegalArgumentException("expected a 2-d tensor " + weightName(state.functionTag()) + ", got "
                    + state.weight());
        }
        state.weight().requirePositiveDimensions(weightName(state.functionTag()));
        state.bias().requirePositiveDimensions(biasName(state.functionTag()));
        state.weight().requireShape(weightName(state.functionTag()), c, shape[1]);
        state.bias().requireShape(biasName(state.functionTag()), c);
        return new ClassificationHead(state.functionTag(), state.classes(), state.weight().values(),
                state.bias().values(), (int) shape[1], state.temperature(), trainable, device);
    }

    public static String weightName(String functionTag) {
        return "head." + functionTag + ".weight";
    }

    public static String biasName(String functionTag) {
        return "head." + functionTag + ".bias";
    }

    @Override
    public String functionTag() {
        return functionTag;
    }

    public List<String> classes() {
        return classes;
    }

    /** The calibration temperature T (1 until fitted). */
    public double temperature() {
        return temperature;
    }

    public void setTemperature(double t) {
        checkTemperature(t);
        this.temperature = t;
    }

    /** Uncalibrated logits [B, C] of readout hidden states [B, d], in the hidden states' manager. */
    public NDArray logits(NDArray hidden) {
        return hidden.getNDArrayInternal().linear(hidden, weight, bias).singletonOrThrow();
    }

    /**
     * Mean softmax cross-entropy of the logits of {@code hidden} [B, d] at {@code labels} [B] (class indices); a
     * scalar in the hidden states' manager. Temperature plays no part in training.
     */
    public NDArray loss(NDArray hidden, int[] labels) {
        return labelLogProbabilities(hidden, labels).mean().neg();
    }

    /**
     * Weighted cross-entropy: (1/B) Σᵢ wᵢ · (−log pᵢ[labelᵢ]), each example weighted by its class's weight. Divided by
     * the batch size, not by the weights' sum (PyTorch's {@code weight=} mean), so that micro-batches accumulate to
     * exactly the full batch's loss; with balanced weights, whose mean over the training rows is 1, the loss keeps
     * its unweighted scale.
     *
     * @param weights per example, positive
     */
    public NDArray loss(NDArray hidden, int[] labels, float[] weights) {
        if (weights.length != labels.length) {
            throw new IllegalArgumentException(weights.length + " weights for " + labels.length + " labels");
        }
        NDArray picked = labelLogProbabilities(hidden, labels);
        NDArray w = OwnedArrays.floats(hidden.getManager(), weights, new Shape(weights.length, 1));
        return picked.mul(w).mean().neg();
    }

    /** Adds {@code shift} to the bias (one value per class); for the prior correction after weighted training. */
    public void shiftBias(double[] shift) {
        if (shift.length != classes.size()) {
            throw new IllegalArgumentException(shift.length + " shifts for the classes " + classes);
        }
        float[] b = bias.toFloatArray();
        for (int c = 0; c < b.length; c++) {
            b[c] = (float) (b[c] + shift[c]);
        }
        WithoutGradients.run(() -> {
            OwnedArrays.copyInto(bias, b);
            return null;
        });
    }

    /** Log-probabilities [B, 1] of each example's label under the (uncalibrated) logits. */
    private NDArray labelLogProbabilities(NDArray hidden, int[] labels) {
        NDArray logits = logits(hidden);
        long b = logits.getShape().get(0);
        if (labels.length != b) {
            throw new IllegalArgumentException(labels.length + " labels for a batch of " + b);
        }
        long[] index = new long[labels.length];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes.size()) {
                throw new IllegalArgumentException("label " + labels[i] + " of example " + i + " outside [0, "
                        + classes.size() + ") (classes " + classes + ")");
            }
            index[i] = labels[i];
        }
        return logits.logSoftmax(1).gather(OwnedArrays.longs(hidden.getManager(), index,
                new Shape(b, 1)), 1); // [B, 1] log-probabilities of the labels
    }

    /**
     * Fits T on validation logits (uncalibrated, [N][C]) and their labels, stores it and returns it.
     *
     * @see TemperatureScaling#fit
     */
    public double fitTemperature(float[][] validationLogits, int[] labels) {
        double t = TemperatureScaling.fit(validationLogits, labels);
        setTemperature(t);
        return t;
    }

    /** Calibrated probabilities softmax(logits / T), [N][C]. */
    public double[][] probabilities(float[][] logits) {
        double[][] out = new double[logits.length][];
        for (int i = 0; i < logits.length; i++) {
            double[] log = TemperatureScaling.logProbabilities(logits[i], temperature);
            out[i] = new double[log.length];
            for (int c = 0; c < log.length; c++) {
                out[i][c] = Math.exp(log[c]);
            }
        }
        return out;
    }

    @Override
    public List<NDArray> parameters() {
        return List.of(weight, bias);
    }

    public State export() {
        return new State(functionTag,
                new FloatTensor(weight.toFloatArray(), weight.getShape().getShape()),
                new FloatTensor(bias.toFloatArray(), bias.getShape().getShape()),
                classes, temperature);
    }

    @Override
    public void close() {
        manager.close();
    }

    private static void checkClasses(List<String> classes) {
        if (classes.size() < 2) {
            throw new IllegalArgumentException("a classification head needs at least 2 classes, got " + classes);
        }
        if (new HashSet<>(classes).size() != classes.size()) {
            throw new IllegalArgumentException("class labels must be distinct, got " + classes);
        }
    }

    private static void checkTemperature(double t) {
        if (!(t > 0) || !Double.isFinite(t)) {
            throw new IllegalArgumentException("the temperature must be finite and positive, got " + t);
        }
    }
}
