package org.tagllm.knime.engine.method;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.tagllm.knime.engine.train.TrainingResult;

/**
 * Signs that a finished run learnt nothing useful, as one-line warnings for the user: the training loss became NaN or
 * infinite or ended far above where it started (diverged), or a regression head answers every validation row with
 * the same value (collapsed to a constant). Such a bank is still written, but never passed off silently as a result.
 */
final class TrainingHealth {

    /** The loss at the end this many times its start counts as diverged. */
    static final double RISE_FACTOR = 10;

    /** Predictions whose standard deviation is below this share of the targets' count as one value. */
    static final double COLLAPSE_RATIO = 1e-3;

    private TrainingHealth() {}

    /**
     * @param training     the run's history
     * @param checked      answers on the validation rows (or the test rows without them); regression values are
     *                     checked for collapse, other tasks' answers are ignored
     * @param learningRate the run's peak learning rate, named in the warnings since it is the usual cause
     */
    static List<String> warnings(TrainingResult training, TaskPredictions checked, double learningRate) {
        List<String> warnings = new ArrayList<>();
        String lr = "learning rate " + learningRate;
        List<Double> losses = training.stepLosses();
        for (int i = 0; i < losses.size(); i++) {
            if (!Double.isFinite(losses.get(i))) {
                warnings.add("training diverged: the loss became " + losses.get(i) + " at step " + (i + 1) + " ("
                        + lr + "); the bank is not usable, train again with a lower learning rate");
                return warnings;
            }
        }
        if (!losses.isEmpty()) {
            double start = losses.get(0);
            int tail = Math.max(1, losses.size() / 10);
            double end = losses.subList(losses.size() - tail, losses.size()).stream().mapToDouble(d -> d).average()
                    .orElse(start);
            if (start > 0 && end > RISE_FACTOR * start) {
                warnings.add(String.format(Locale.ROOT, "training diverged: the loss rose from %.4g at the start to "
                        + "%.4g at the end (%s); train again with a lower learning rate", start, end, lr));
            }
        }
        collapse(checked).ifPresent(spread -> warnings.add(String.format(Locale.ROOT, "the regression head "
                + "collapsed: it gives (nearly) the same value for every checked row (standard deviation %.3g "
                + "against the targets' %.3g), so the tags learnt nothing (%s); try a lower learning rate or more "
                + "data", spread[0], spread[1], lr)));
        return warnings;
    }

    /** The spread of predictions and of targets in the first column where predictions collapsed; empty if none. */
    private static Optional<double[]> collapse(TaskPredictions p) {
        if (p.size() < 2 || p.truth()[0].length != p.predicted()[0].length) {
            // Classification answers are class probabilities (one column per class) against one label column.
            return Optional.empty();
        }
        for (int j = 0; j < p.truth()[0].length; j++) {
            int column = j;
            double truth = sd(Arrays.stream(p.truth()).mapToDouble(r -> r[column]).toArray());
            double predicted = sd(Arrays.stream(p.predicted()).mapToDouble(r -> r[column]).toArray());
            if (truth > 0 && predicted < COLLAPSE_RATIO * truth) {
                return Optional.of(new double[] {predicted, truth});
            }
        }
        return Optional.empty();
    }

    private static double sd(double[] values) {
        double mean = Arrays.stream(values).average().orElse(0);
        return Math.sqrt(Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / values.length);
    }
}
