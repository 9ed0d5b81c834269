package org.tagllm.knime.engine.baseline;

import java.util.List;
import java.util.Map;
import org.tagllm.knime.engine.method.Metrics;

/** A fitted ridge regression on fingerprint features; see {@link FingerprintBaseline#fitRegression}. */
public final class RegressionModel extends BaselineModel {

    RegressionModel(FittedLinear fitted) {
        super(fitted);
    }

    /**
     * @param inputs column name → value per row, as for fitting
     * @return one predicted target per row
     * @throws IllegalArgumentException for a row missing a column or a SMILES CDK cannot parse, naming it
     */
    public double[] predict(List<Map<String, String>> inputs) {
        return fitted.scores(inputs, "prediction");
    }

    /** {@link Metrics#regression} of the predictions for {@code inputs} against {@code truth}. */
    public Map<String, Double> metrics(List<Map<String, String>> inputs, double[] truth) {
        return Metrics.regression(truth, predict(inputs));
    }
}
