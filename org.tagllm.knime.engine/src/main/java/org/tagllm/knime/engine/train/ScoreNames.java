package org.tagllm.knime.engine.train;

import java.util.Objects;

/**
 * What a run's two figures are, for display: the training loss (what the step function returns) and the validation
 * score (what the evaluator returns), each with its units, e.g. {@code "training loss (MSE of standardised targets)"}
 * and {@code "validation MSE (target units)"}. A regression head trains on standardised targets but is validated in
 * the targets' own units, so the two must not share a column or an axis unless {@code sameUnits}.
 *
 * @param trainingLoss the training loss and its units
 * @param validation   the validation score and its units
 * @param sameUnits    whether both figures are in the same units (next-token losses in nats/token)
 */
public record ScoreNames(String trainingLoss, String validation, boolean sameUnits) {

    /** Names for a run that did not say what its figures are. */
    public static final ScoreNames UNNAMED = new ScoreNames("training loss", "validation score");

    public ScoreNames {
        Objects.requireNonNull(trainingLoss, "trainingLoss");
        Objects.requireNonNull(validation, "validation");
    }

    /** Figures in different units. */
    public ScoreNames(String trainingLoss, String validation) {
        this(trainingLoss, validation, false);
    }
}
