package org.tagllm.knime.engine.method;

import java.util.List;

/**
 * The class a row's class probabilities name: the most probable one (ties to the first in the head's order). A
 * decision threshold for two classes would replace the argmax here, so every output that names a class agrees.
 */
public final class ClassDecision {

    private ClassDecision() {}

    /** The predicted class of {@code probabilities}, one per class of {@code classes} in the same order. */
    public static String predictedClass(double[] probabilities, List<String> classes) {
        if (probabilities.length != classes.size() || classes.isEmpty()) {
            throw new IllegalArgumentException(probabilities.length + " probabilities for the classes " + classes);
        }
        int best = 0;
        for (int i = 1; i < probabilities.length; i++) {
            if (probabilities[i] > probabilities[best]) {
                best = i;
            }
        }
        return classes.get(best);
    }
}
