package org.tagllm.knime.engine.evaluate;

import java.util.List;
import java.util.Map;
import org.tagllm.knime.engine.method.TaskPredictions;

/**
 * One method trained once on one task, and what it scored.
 *
 * @param benchmark           the task's id
 * @param method              what was trained
 * @param seed                the training seed
 * @param learningRate        the peak learning rate (NaN for methods without the LLM)
 * @param penalty             the L2 penalty λ chosen on validation (fingerprint model; NaN otherwise)
 * @param chosen              whether this configuration was chosen on the validation split (a run of the grid
 *                            search that lost is kept, not chosen)
 * @param selectionScore      the validation score the choice compared (lower is better; NaN where none)
 * @param bestEpoch           the epoch whose parameters were kept (0 without epochs)
 * @param trainableParameters values trained (tags, head; ridge weights and intercept; 1 for the mean)
 * @param trainRows           training rows
 * @param validMetrics        figures on the validation rows
 * @param testMetrics         figures on the test rows
 * @param seconds             wall time of training and evaluation
 * @param epochLosses         mean training loss per epoch
 * @param validations         validation score per epoch
 * @param testPredictions     the test rows' truth and predictions (for plots)
 */
public record RunRecord(String benchmark, Method method, long seed, double learningRate, double penalty,
        boolean chosen,
        double selectionScore, int bestEpoch, long trainableParameters, int trainRows,
        Map<String, Double> validMetrics, Map<String, Double> testMetrics, double seconds, List<Double> epochLosses,
        List<Double> validations, TaskPredictions testPredictions) {

    public RunRecord {
        validMetrics = Map.copyOf(validMetrics);
        testMetrics = Map.copyOf(testMetrics);
        epochLosses = List.copyOf(epochLosses);
        validations = List.copyOf(validations);
    }

    /** This run, marked chosen or not. */
    public RunRecord chosen(boolean isChosen) {
        return new RunRecord(benchmark, method, seed, learningRate, penalty, isChosen, selectionScore, bestEpoch,
                trainableParameters, trainRows, validMetrics, testMetrics, seconds, epochLosses, validations,
                testPredictions);
    }
}
