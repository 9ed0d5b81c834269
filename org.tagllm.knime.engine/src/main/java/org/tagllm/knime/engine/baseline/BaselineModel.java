package org.tagllm.knime.engine.baseline;

import java.util.Map;

/** What every fitted baseline reports beside its predictions. Immutable and thread-safe. */
public abstract sealed class BaselineModel permits RegressionModel, ClassificationModel {

    final FittedLinear fitted;

    BaselineModel(FittedLinear fitted) {
        this.fitted = fitted;
    }

    /** The penalty chosen on the validation rows. */
    public final double lambda() {
        return fitted.selected().lambda();
    }

    /**
     * Validation loss of every λ tried, in grid order: MSE for regression, mean negative log-likelihood for
     * classification.
     */
    public final Map<Double, Double> validationLoss() {
        return fitted.selected().validationLoss();
    }

    /** Features built from the inputs, e.g. 2048 per SMILES column. */
    public final int featureCount() {
        return fitted.features().size();
    }

    /**
     * Trainable parameters: one weight per feature that varies over the training rows, plus the intercept. A feature
     * constant on the training rows (a fingerprint bit no training molecule sets) would get weight exactly 0, so it
     * is left out and not counted.
     */
    public final int parameterCount() {
        return fitted.kept() + 1;
    }

    /** The featurisation per column, e.g. "smiles: ECFP4, 2048 bits". */
    public final String features() {
        return fitted.features().describe();
    }
}
