package org.tagllm.knime.engine.train;

import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;

/**
 * What a training run did. Histories cover the whole run, across resumes. Made by {@link #builder()}, so that a
 * component added later leaves other makers (tests, reports) alone.
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
        EARLY_STOPPED,
        /** The listener asked to finish ({@link ProgressListener#finishRequested()}), e.g. a user watching the loss. */
        STOPPED_ON_REQUEST
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

    /** A result of a run that did nothing yet: no steps, no scores, completed; set what happened. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this result, to change some of it. */
    public Builder toBuilder() {
        return new Builder().optSteps(steps).optEpochs(epochs).optStopReason(stopReason)
                .optFinalValidation(finalValidation).optBestValidation(bestValidation).optBestEpoch(bestEpoch)
                .optRestoredBest(restoredBest).optStepLosses(stepLosses).optEpochLosses(epochLosses)
                .optValidations(validations, validationSteps).optWallTime(wallTime)
                .optExamplesPerSecond(examplesPerSecond).optScoreNames(scoreNames);
    }

    /** Mean loss of the last optimizer step. */
    public double finalLoss() {
        return stepLosses.isEmpty() ? Double.NaN : stepLosses.get(stepLosses.size() - 1);
    }

    /**
     * Builds a {@link TrainingResult}; every value is optional ({@code opt…}) and starts at "nothing happened": 0
     * steps and epochs, {@link StopReason#COMPLETED}, no validation, empty histories, zero time, unnamed scores.
     */
    public static final class Builder {

        private long steps;
        private int epochs;
        private StopReason stopReason = StopReason.COMPLETED;
        private OptionalDouble finalValidation = OptionalDouble.empty();
        private OptionalDouble bestValidation = OptionalDouble.empty();
        private int bestEpoch;
        private boolean restoredBest;
        private List<Double> stepLosses = List.of();
        private List<Double> epochLosses = List.of();
        private List<Double> validations = List.of();
        private List<Long> validationSteps = List.of();
        private Duration wallTime = Duration.ZERO;
        private double examplesPerSecond;
        private ScoreNames scoreNames = ScoreNames.UNNAMED;

        private Builder() {}

        public Builder optSteps(long steps) {
            this.steps = steps;
            return this;
        }

        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        public Builder optStopReason(StopReason stopReason) {
            this.stopReason = stopReason;
            return this;
        }

        public Builder optFinalValidation(OptionalDouble finalValidation) {
            this.finalValidation = finalValidation;
            return this;
        }

        public Builder optBestValidation(OptionalDouble bestValidation) {
            this.bestValidation = bestValidation;
            return this;
        }

        public Builder optBestEpoch(int bestEpoch) {
            this.bestEpoch = bestEpoch;
            return this;
        }

        public Builder optRestoredBest(boolean restoredBest) {
            this.restoredBest = restoredBest;
            return this;
        }

        public Builder optStepLosses(List<Double> stepLosses) {
            this.stepLosses = stepLosses;
            return this;
        }

        public Builder optEpochLosses(List<Double> epochLosses) {
            this.epochLosses = epochLosses;
            return this;
        }

        /** Validation scores and the optimizer step after which each was taken: two lists of one length. */
        public Builder optValidations(List<Double> scores, List<Long> afterSteps) {
            this.validations = scores;
            this.validationSteps = afterSteps;
            return this;
        }

        public Builder optWallTime(Duration wallTime) {
            this.wallTime = wallTime;
            return this;
        }

        public Builder optExamplesPerSecond(double examplesPerSecond) {
            this.examplesPerSecond = examplesPerSecond;
            return this;
        }

        public Builder optScoreNames(ScoreNames scoreNames) {
            this.scoreNames = scoreNames;
            return this;
        }

        /** The result; validation scores and their steps must pair up. */
        public TrainingResult build() {
            return new TrainingResult(steps, epochs, stopReason, finalValidation, bestValidation, bestEpoch,
                    restoredBest, stepLosses, epochLosses, validations, validationSteps, wallTime, examplesPerSecond,
                    scoreNames);
        }
    }
}
