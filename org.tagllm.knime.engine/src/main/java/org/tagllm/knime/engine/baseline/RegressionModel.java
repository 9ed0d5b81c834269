package org.tagllm.knime.engine.baseline;

import java.util.List;
import java.util.Map;
import org.tagllm.knime.engine.method.Metrics;

/** A fitted ridge regression on fingerprint features; see {@link FingerprintBaseline#fitRegression}. */
public final class RegressionModel implements BaselineModel {

    private final FittedLinear fitted;

    RegressionModel(FittedLinear fitted) {
        this.fitted = fitted;
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

    @Override
    public double lambda() {
        return fitted.selected().lambda();
    }

    @Override
    public Map<Double, Double> validationLoss() {
        return fitted.selected().validationLoss();
    }

    @Override
    public int featureCount() {
        return fitted.features().size();
    }

    @Override
    public int parameterCount() {
        return fitted.kept() + 1;
    }

    @Override
    public String features() {
        return fitted.features().describe();
    }
}
