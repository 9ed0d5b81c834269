package org.tagllm.cli;

import org.tagllm.knime.engine.method.ClassBalance;
import org.tagllm.knime.engine.method.ThresholdCriterion;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** Classification against class imbalance, shared by train and evaluate: class weights, balanced batches, threshold. */
final class ImbalanceOptions {

    @Option(names = "--class-weights", paramLabel = "none|balanced|LABEL=W,...", defaultValue = "none",
            description = "Classification: loss weight per class: none, balanced (N / (classes · N_class)) or given "
                    + "for every label, e.g. 0=1,1=20; the head's probabilities are corrected back afterwards "
                    + "(default: ${DEFAULT-VALUE}).")
    String classWeights = "none";

    @Option(names = "--balanced-batches",
            description = "Classification: draw every batch place from a class chosen uniformly (rare rows recur).")
    boolean balancedBatches;

    @Option(names = "--threshold", paramLabel = "mcc|f1|youden|none", defaultValue = "mcc",
            converter = Criterion.class,
            description = "Two classes: the decision threshold for the predicted class, chosen on the validation rows "
                    + "by maximum MCC, F1 or Youden's J and stored in the bank; none = the most probable class "
                    + "(default: ${DEFAULT-VALUE}).")
    ThresholdCriterion threshold = ThresholdCriterion.DEFAULT;

    /** The weights and sampling asked for. */
    ClassBalance classBalance() {
        try {
            return ClassBalance.parse(classWeights, balancedBatches);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--class-weights: " + e.getMessage(), e);
        }
    }

    /** {@code --threshold}: mcc, f1, youden or none. */
    static final class Criterion implements ITypeConverter<ThresholdCriterion> {
        @Override
        public ThresholdCriterion convert(String value) {
            return ThresholdCriterion.parse(value);
        }
    }
}
