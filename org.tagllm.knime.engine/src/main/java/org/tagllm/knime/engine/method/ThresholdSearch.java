package org.tagllm.knime.engine.method;

import java.util.Arrays;
import java.util.Optional;

/**
 * Chooses a two-class head's decision threshold on validation rows: the threshold on the positive class's probability
 * that maximises a {@link ThresholdCriterion}. Every cut between two adjacent distinct scores is tried (and all rows
 * positive); the threshold stored is the midpoint of the cut, so that a test row scoring between the two validation
 * rows is not decided by which side of it the validation happened to fall. Of equal scores, the highest threshold
 * (fewest positives) wins.
 */
public final class ThresholdSearch {

    /**
     * @param threshold a row is positive when its probability is at least this
     * @param score     the criterion on the validation rows at this threshold
     */
    public record Choice(double threshold, double score) {}

    private ThresholdSearch() {}

    /**
     * The best threshold for {@code criterion}, or none when the criterion is {@link ThresholdCriterion#NONE} or the
     * rows hold one class only (every threshold scores alike: nothing to choose).
     *
     * @param labels 1 for the positive class, 0 for the other
     * @param scores the positive class's probability per row
     */
    public static Optional<Choice> best(int[] labels, double[] scores, ThresholdCriterion criterion) {
        Metrics.checkLengths("labels", labels.length, "scores", scores.length);
        long positives = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException("label of row " + i + " is " + labels[i] + "; a threshold is "
                        + "chosen for two classes, 0 and 1");
            }
            if (!Double.isFinite(scores[i])) {
                throw new IllegalArgumentException("score of row " + i + " is " + scores[i]);
            }
            positives += labels[i];
        }
        long negatives = labels.length - positives;
        if (criterion == ThresholdCriterion.NONE || positives == 0 || negatives == 0) {
            return Optional.empty();
        }
        double[] distinct = Arrays.stream(scores).distinct().sorted().toArray(); // ascending
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        long tp = 0;
        long fp = 0;
        Choice best = null;
        int next = 0;
        for (int k = distinct.length - 1; k >= 0; k--) {
            // Rows scoring at least distinct[k] are positive.
            while (next < order.length && scores[order[next]] >= distinct[k]) {
                tp += labels[order[next]];
                fp += 1 - labels[order[next]];
                next++;
            }
            double score = criterion.score(tp, fp, positives - tp, negatives - fp);
            if (best == null || score > best.score()) {
                double cut = k == 0 ? distinct[0] : (distinct[k] + distinct[k - 1]) / 2;
                best = new Choice(cut, score);
            }
        }
        return Optional.of(best);
    }
}
