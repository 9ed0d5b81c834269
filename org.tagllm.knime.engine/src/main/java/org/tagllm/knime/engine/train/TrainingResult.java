package org.tagllm.knime.engine.train;

import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;

/**
 * What a training run did. Histories cover the whole run, across resumes.
 *
 * @param steps               optimizer steps taken
 * @param epochs              epochs in which at least one step was taken (the last may be partial)
 * @param stopReason          why the run ended
 * @param finalValidation     the last validation score (empty without an evaluator)
 * @param bestValidation      the best validation score (empty without an evaluator)
 * @param bestEpoch           the epoch (from 1) of the best score, 0 without one
 * @param restoredBest        whether the trainables were set back to the parameters of the best score
 * @param stepLosses          mean training loss of every optimizer step
 * @param epochLosses         mean training loss of every epoch (over its examples)
 * @param validations         validation score after every epoch
 * @param validationSteps     the optimizer step after which each validation score was taken
 * @param wallTime            wall time of all sessions of the run
 * @param examplesPerSecond   training examples per second of wall time
 * @param scoreNames          what the losses and validation scores are, with their units
 */
public record TrainingResult(long steps, int epochs, StopReason stopReason, OptionalDouble finalValidation,
        OptionalDouble bestValidation, int bestEpoch, boolean restoredBest, List<Double> stepLosses,
        List<Double> epochLosses, List<Double> validations, List<Long> validationSteps, Duration wallTime,
        double examplesPerSecond, ScoreNames scoreNames) {

    /** Why a run ended. */
    public enum StopReason {
        /** All epochs, or the step budget, done. */
        COMPLETED,
        /** The validation score stopped improving for {@code earlyStoppingPatience} epochs. */
        EARLY_STOPPED
    }

    public TrainingResult {
        stepLosses = List.copyOf(stepLosses);
        epochLosses = List.copyOf(epochLosses);
        validations = List.copyOf(validations);
        validationSteps = List.copyOf(validationSteps);
        if (validationSteps.size() != validations.size()) {
            throw new IllegalArgumentException(validationSteps.size() + " validation steps for "
                    + validations.size() + " validation scores");
        }
    }

    /** Mean loss of the last optimizer step. */
    public double finalLoss() {
        return stepLosses.isEmpty() ? Double.NaN : stepLosses.get(stepLosses.size() - 1);
    }
}
