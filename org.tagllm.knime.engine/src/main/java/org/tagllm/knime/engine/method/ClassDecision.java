package org.tagllm.knime.engine.method;

import java.util.List;
import org.tagllm.knime.engine.bank.DecisionEntry;
import org.tagllm.knime.engine.bank.HeadEntry;

/**
 * The class a row's class probabilities name: for two classes with a decision threshold, the second (positive) class
 * when its probability reaches the threshold; otherwise the most probable class (ties to the first in the head's
 * order). Every output that names a class — metrics, {@code predict}, the Predictor node, Spark — decides here, so
 * they agree. The probabilities themselves are never changed.
 */
public final class ClassDecision {

    /** The most probable class, as before decision thresholds. */
    public static final ClassDecision MOST_PROBABLE = new ClassDecision(Double.NaN);

    private final double threshold; // NaN: the most probable class

    private ClassDecision(double threshold) {
        this.threshold = threshold;
    }

    /** Two classes: the second when its probability is at least {@code threshold}, in [0, 1]. */
    public static ClassDecision threshold(double threshold) {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("a decision threshold is a probability in [0, 1], got " + threshold);
        }
        return new ClassDecision(threshold);
    }

    /** The decision a bank's head records: its threshold, else the most probable class. */
    public static ClassDecision of(HeadEntry head) {
        DecisionEntry d = head.decision();
        return d == null ? MOST_PROBABLE : threshold(d.threshold());
    }

    /** Whether this decides by a threshold rather than by the most probable class. */
    public boolean hasThreshold() {
        return !Double.isNaN(threshold);
    }

    /** The threshold on the second class's probability; NaN for the most probable class. */
    public double thresholdValue() {
        return threshold;
    }

    /** The index of the class {@code probabilities} name, one probability per class. */
    public int classIndex(double[] probabilities) {
        if (probabilities.length == 0) {
            throw new IllegalArgumentException("no class probabilities");
        }
        if (hasThreshold()) {
            if (probabilities.length != 2) {
                throw new IllegalArgumentException("a decision threshold is for two classes, got "
                        + probabilities.length + " probabilities");
            }
            return probabilities[1] >= threshold ? 1 : 0;
        }
        int best = 0;
        for (int i = 1; i < probabilities.length; i++) {
            if (probabilities[i] > probabilities[best]) {
                best = i;
            }
        }
        return best;
    }

    /** The class {@code probabilities} name, one per class of {@code classes} in the same order. */
    public String decide(double[] probabilities, List<String> classes) {
        if (probabilities.length != classes.size() || classes.isEmpty()) {
            throw new IllegalArgumentException(probabilities.length + " probabilities for the classes " + classes);
        }
        return classes.get(classIndex(probabilities));
    }

    /** The most probable class of {@code probabilities}, one per class of {@code classes} in the same order. */
    public static String predictedClass(double[] probabilities, List<String> classes) {
        return MOST_PROBABLE.decide(probabilities, classes);
    }

    @Override
    public String toString() {
        return hasThreshold() ? "positive at p >= " + threshold : "most probable class";
    }
}
