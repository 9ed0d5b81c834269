package org.tagllm.knime.engine.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.tagllm.knime.engine.tensor.FloatTensor;
import org.tagllm.knime.engine.train.Evaluator.Goal;
import org.tagllm.knime.engine.train.TrainingResult.StopReason;

/**
 * Where a run stands, apart from parameters and optimizer state: everything a checkpoint must hold so that a resumed
 * run continues exactly as the uninterrupted one would have. Mutable; owned by one {@link Trainer} run.
 */
final class RunState {

    /** Optimizer steps done. */
    long step;
    /** The current epoch, counted from 0. */
    int epoch;
    /** Examples of the current epoch's order already consumed. */
    int position;
    /** Training loss of the current epoch so far, summed over examples (mean loss of a batch × its size). */
    double epochLossSum;
    int epochExamples;
    long examplesSeen;
    /** Wall time of earlier sessions of this run. */
    long elapsedNanos;

    final List<Double> stepLosses = new ArrayList<>();
    final List<Double> epochLosses = new ArrayList<>();
    final List<Double> validations = new ArrayList<>();
    /** The step after which each validation ran (epochs can differ in steps: the last may be partial). */
    final List<Long> validationSteps = new ArrayList<>();

    /** The best validation score so far; NaN before the first finite one. */
    double bestScore = Double.NaN;
    /** Epoch of the best score, counted from 1; 0 without one. */
    int bestEpoch;
    long bestStep;
    int epochsWithoutImprovement;
    /** Parameters at the best score; null without one. */
    Map<String, FloatTensor> bestParameters;

    /** Null while the run goes on. */
    StopReason stopReason;

    void recordStep(double meanLoss, int examples) {
        step++;
        position += examples;
        examplesSeen += examples;
        stepLosses.add(meanLoss);
        epochLossSum += meanLoss * examples;
        epochExamples += examples;
    }

    /** Ends the current (possibly partial) epoch: records its mean loss and moves to the next one. */
    void closeEpoch() {
        epochLosses.add(epochLossSum / epochExamples);
        epochLossSum = 0;
        epochExamples = 0;
        epoch++;
        position = 0;
    }

    /**
     * Records the validation score of the epoch just closed; returns whether it improved on the best by more than
     * {@code minDelta}, in which case {@code parameters} is snapshotted as the best. NaN never improves.
     */
    boolean offerValidation(double score, Goal goal, double minDelta, Supplier<Map<String, FloatTensor>> parameters) {
        validations.add(score);
        validationSteps.add(step);
        boolean improved = !Double.isNaN(score) && (Double.isNaN(bestScore)
                || (goal == Goal.MINIMIZE ? score < bestScore - minDelta : score > bestScore + minDelta));
        if (improved) {
            bestScore = score;
            bestEpoch = epoch; // already advanced by closeEpoch: the closed epoch, counted from 1
            bestStep = step;
            bestParameters = parameters.get();
            epochsWithoutImprovement = 0;
        } else {
            epochsWithoutImprovement++;
        }
        return improved;
    }

    boolean hasBest() {
        return bestParameters != null;
    }
}
