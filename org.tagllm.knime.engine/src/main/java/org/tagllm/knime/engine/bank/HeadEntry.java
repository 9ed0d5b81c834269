package org.tagllm.knime.engine.bank;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;

/**
 * The task head of one function tag, as the manifest describes it. Regression and classification heads are linear
 * layers on the last hidden state, stored as {@code head.<Name>.weight} {@code [output_dim, input_dim]} (PyTorch's
 * layout) and, when {@code bias} is true, {@code head.<Name>.bias} {@code [output_dim]}. A generation head stores no
 * tensors: the frozen model's own LM head decodes, so its dims are the model's hidden and vocabulary sizes.
 *
 * @param functionTag the function tag this head belongs to, e.g. {@code <QED>}
 * @param type        what the head outputs
 * @param inputDim    width of the head's input
 * @param outputDim   number of outputs (targets, class logits, or vocabulary entries)
 * @param bias        whether the head has a bias tensor
 * @param targetMean  regression only: per output, the mean used to standardise targets in training
 * @param targetStd   regression only: per output, the standard deviation used likewise (positive)
 * @param classLabels classification only: the label of each logit, or the two labels of a single logit
 * @param temperature classification only: the calibration temperature that divides the logits; null otherwise
 * @param decision    two-class classification only: the decision threshold chosen on validation; null for the most
 *                    probable class (older banks, or none could be chosen)
 * @param classBalance classification only: how training weighted or sampled the classes; null when every row
 *                    counted alike (older banks, and the default)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HeadEntry(
        @JsonProperty(value = "function_tag", required = true) String functionTag,
        @JsonProperty(value = "type", required = true) Type type,
        @JsonProperty(value = "input_dim", required = true) int inputDim,
        @JsonProperty(value = "output_dim", required = true) int outputDim,
        @JsonProperty(value = "bias", required = true) boolean bias,
        @JsonProperty("target_mean") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Double> targetMean,
        @JsonProperty("target_std") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Double> targetStd,
        @JsonProperty("class_labels") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> classLabels,
        @JsonProperty("temperature") @JsonInclude(JsonInclude.Include.NON_NULL) Double temperature,
        @JsonProperty("decision") @JsonInclude(JsonInclude.Include.NON_NULL) DecisionEntry decision,
        @JsonProperty("class_balance") @JsonInclude(JsonInclude.Include.NON_NULL) ClassBalanceEntry classBalance) {

    /** What a head outputs. */
    public enum Type {
        @JsonProperty("regression")
        REGRESSION,
        @JsonProperty("classification")
        CLASSIFICATION,
        @JsonProperty("generation")
        GENERATION
    }

    public HeadEntry {
        TagEntry.checkName(functionTag, "function_tag");
        Require.present(type, "type");
        Require.positive(inputDim, "input_dim");
        Require.positive(outputDim, "output_dim");
        targetMean = Require.listOrEmpty(targetMean, "target_mean");
        targetStd = Require.listOrEmpty(targetStd, "target_std");
        classLabels = Require.listOrEmpty(classLabels, "class_labels");
        switch (type) {
            case REGRESSION -> checkRegression(outputDim, targetMean, targetStd);
            case CLASSIFICATION -> checkClassification(outputDim, classLabels, temperature);
            case GENERATION -> {
                if (bias) {
                    throw new IllegalArgumentException("a generation head has no tensors of its own, so 'bias' "
                            + "must be false");
                }
            }
        }
        if (type != Type.REGRESSION && (!targetMean.isEmpty() || !targetStd.isEmpty())) {
            throw new IllegalArgumentException("'target_mean' and 'target_std' belong to regression heads, not to a "
                    + "'" + type.name().toLowerCase(Locale.ROOT) + "' head");
        }
        if (type != Type.CLASSIFICATION && (!classLabels.isEmpty() || temperature != null || decision != null
                || classBalance != null)) {
            throw new IllegalArgumentException("'class_labels', 'temperature', 'decision' and 'class_balance' belong "
                    + "to classification heads, not to a '" + type.name().toLowerCase(Locale.ROOT) + "' head");
        }
        if (decision != null && !(classLabels.size() == 2 && decision.positiveClass().equals(classLabels.get(1)))) {
            throw new IllegalArgumentException("'decision' is for two classes and names the second as positive; "
                    + "got positive class '" + decision.positiveClass() + "' for the classes " + classLabels);
        }
        if (classBalance != null && classBalance.classWeights().size() != classLabels.size()) {
            throw new IllegalArgumentException("'class_balance' needs one weight per class of " + classLabels + ", got "
                    + classBalance.classWeights());
        }
    }

    /** A head as banks before decision thresholds and class balance were recorded describe it. */
    public HeadEntry(String functionTag, Type type, int inputDim, int outputDim, boolean bias, List<Double> targetMean,
            List<Double> targetStd, List<String> classLabels, Double temperature) {
        this(functionTag, type, inputDim, outputDim, bias, targetMean, targetStd, classLabels, temperature, null, null);
    }

    /** This classification head with the decision threshold and class balance of its training. */
    public HeadEntry withImbalance(DecisionEntry chosenDecision, ClassBalanceEntry balance) {
        return new HeadEntry(functionTag, type, inputDim, outputDim, bias, targetMean, targetStd, classLabels,
                temperature, chosenDecision, balance);
    }

    /** A linear regression head; targets were standardised with these means and deviations during training. */
    public static HeadEntry regression(String functionTag, int inputDim, boolean bias, List<Double> targetMean,
            List<Double> targetStd) {
        return new HeadEntry(functionTag, Type.REGRESSION, inputDim, targetMean.size(), bias, targetMean, targetStd,
                null, null);
    }

    /** A linear classification head with one logit per label. */
    public static HeadEntry classification(String functionTag, int inputDim, boolean bias, List<String> classLabels,
            double temperature) {
        return new HeadEntry(functionTag, Type.CLASSIFICATION, inputDim, classLabels.size(), bias, null, null,
                classLabels, temperature);
    }

    /** A function tag whose answer is text, decoded by the model's LM head. */
    public static HeadEntry generation(String functionTag, int hiddenSize, int vocabSize) {
        return new HeadEntry(functionTag, Type.GENERATION, hiddenSize, vocabSize, false, null, null, null, null);
    }

    /** True when the head stores tensors in the bank (all but generation heads). */
    public boolean storesWeights() {
        return type != Type.GENERATION;
    }

    public static String weightTensorName(String functionTag) {
        return "head." + functionTag + ".weight";
    }

    public static String biasTensorName(String functionTag) {
        return "head." + functionTag + ".bias";
    }

    private static void checkRegression(int outputDim, List<Double> mean, List<Double> std) {
        if (mean.size() != outputDim || std.size() != outputDim) {
            throw new IllegalArgumentException("a regression head with output_dim " + outputDim + " needs "
                    + outputDim + " 'target_mean' and 'target_std' values, got " + mean.size() + " and "
                    + std.size());
        }
        for (int i = 0; i < outputDim; i++) {
            if (!Double.isFinite(mean.get(i))) {
                throw new IllegalArgumentException("'target_mean' [" + i + "] must be finite, got " + mean.get(i));
            }
            // Predictions are un-standardised as value * std + mean: a zero or negative std is a broken head.
            if (!(std.get(i) > 0) || !Double.isFinite(std.get(i))) {
                throw new IllegalArgumentException("'target_std' [" + i + "] must be positive and finite, got "
                        + std.get(i));
            }
        }
    }

    private static void checkClassification(int outputDim, List<String> labels, Double temperature) {
        // One logit per class, or a single logit (sigmoid) for two classes.
        boolean oneLogitPerClass = labels.size() == outputDim && outputDim >= 2;
        boolean binaryLogit = outputDim == 1 && labels.size() == 2;
        if (!oneLogitPerClass && !binaryLogit) {
            throw new IllegalArgumentException("a classification head with output_dim " + outputDim + " needs "
                    + (outputDim == 1 ? "2" : String.valueOf(outputDim)) + " 'class_labels', got " + labels);
        }
        if (new HashSet<>(labels).size() != labels.size() || labels.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("'class_labels' must be distinct and not blank, got " + labels);
        }
        if (temperature == null || !(temperature > 0) || !Double.isFinite(temperature)) {
            throw new IllegalArgumentException("a classification head needs a positive, finite 'temperature', got "
                    + temperature);
        }
    }
}
