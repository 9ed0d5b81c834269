package org.tagllm.knime.engine.baseline;

import java.util.Map;

/** What every fitted baseline reports beside its predictions. Immutable and thread-safe. */
public sealed interface BaselineModel permits RegressionModel, ClassificationModel {

    /** The penalty chosen on the validation rows. */
    double lambda();

    /**
     * Validation loss of every λ tried, in grid order: MSE for regression, mean negative log-likelihood for
     * classification.
     */
    Map<Double, Double> validationLoss();

    /** Features built from the inputs, e.g. 2048 per SMILES column. */
    int featureCount();

    /**
     * Trainable parameters: one weight per feature that varies over the training rows, plus the intercept. A feature
     * constant on the training rows (a fingerprint bit no training molecule sets) would get weight exactly 0, so it
     * is left out and not counted.
     */
    int parameterCount();

    /** The featurisation per column, e.g. "smiles: ECFP4, 2048 bits". */
    String features();
}
