package org.tagllm.knime.engine.train;

import ai.djl.ndarray.NDManager;
import java.util.function.ToDoubleFunction;

/**
 * Scores the current parameters on validation data after every epoch (a loss, or a metric such as accuracy). Runs
 * with gradient recording off; put the call's arrays in {@code callManager}, which is closed afterwards.
 */
@FunctionalInterface
public interface Evaluator {

    /** Which scores are better. */
    enum Goal {
        MINIMIZE,
        MAXIMIZE
    }

    /** The validation score of the trainables as they are now. */
    double evaluate(NDManager callManager);

    /** Lower is better unless overridden. */
    default Goal goal() {
        return Goal.MINIMIZE;
    }

    /** A score where lower is better (a loss). */
    static Evaluator minimizing(ToDoubleFunction<NDManager> score) {
        return score::applyAsDouble;
    }

    /** A score where higher is better (accuracy, AUROC, R²). */
    static Evaluator maximizing(ToDoubleFunction<NDManager> score) {
        return new Evaluator() {
            @Override
            public double evaluate(NDManager callManager) {
                return score.applyAsDouble(callManager);
            }

            @Override
            public Goal goal() {
                return Goal.MAXIMIZE;
            }
        };
    }
}
