package org.tagllm.knime.engine.baseline;

import java.util.List;
import java.util.Map;
import org.tagllm.knime.engine.method.Metrics;

/** A fitted L2-regularised logistic regression on fingerprint features; see {@link FingerprintBaseline}. */
public final class ClassificationModel extends BaselineModel {

    ClassificationModel(FittedLinear fitted) {
        super(fitted);
    }

    /**
     * @param inputs column name → value per row, as for fitting
     * @return per row {p(class 0), p(class 1)}, the shape {@link Metrics#classification} takes
     * @throws IllegalArgumentException for a row missing a column or a SMILES CDK cannot parse, naming it
     */
    public double[][] probabilities(List<Map<String, String>> inputs) {
        return PenaltySelection.probabilities(fitted.selected().model(), fitted.rows(inputs, "prediction"));
    }

    /** {@link Metrics#classification} of the probabilities for {@code inputs} against {@code labels}. */
    public Map<String, Double> metrics(List<Map<String, String>> inputs, int[] labels) {
        return Metrics.classification(labels, probabilities(inputs));
    }
}
