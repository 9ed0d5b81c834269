package org.tagllm.knime.engine.bank;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Set;

/**
 * How a classification head was trained against class imbalance. Banks without it trained every row alike.
 *
 * @param weighting    {@code none}, {@code balanced} (w_c = N / (C · N_c) on the training rows) or {@code given}
 * @param classWeights the loss weight of each class, in the head's label order
 * @param sampling     {@code shuffle} (each row once an epoch) or {@code balanced} (each batch row drawn from a class
 *                     chosen uniformly, with replacement)
 * @param logitShift   per class, what was added to the head's bias after training (−log of the class's weight of
 *                     loss and sampling together), so that the stored probabilities estimate the training rows' own
 *                     class frequencies again
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClassBalanceEntry(
        @JsonProperty(value = "weighting", required = true) String weighting,
        @JsonProperty(value = "class_weights", required = true) List<Double> classWeights,
        @JsonProperty(value = "sampling", required = true) String sampling,
        @JsonProperty(value = "logit_shift", required = true) List<Double> logitShift) {

    public static final Set<String> WEIGHTINGS = Set.of("none", "balanced", "given");
    public static final Set<String> SAMPLINGS = Set.of("shuffle", "balanced");

    public ClassBalanceEntry {
        if (!WEIGHTINGS.contains(Require.text(weighting, "weighting"))) {
            throw new IllegalArgumentException("'weighting' is '" + weighting + "'; expected none, balanced or given");
        }
        if (!SAMPLINGS.contains(Require.text(sampling, "sampling"))) {
            throw new IllegalArgumentException("'sampling' is '" + sampling + "'; expected shuffle or balanced");
        }
        classWeights = Require.listOrEmpty(Require.present(classWeights, "class_weights"), "class_weights");
        logitShift = Require.listOrEmpty(Require.present(logitShift, "logit_shift"), "logit_shift");
        for (double w : classWeights) {
            if (!(w > 0) || !Double.isFinite(w)) {
                throw new IllegalArgumentException("'class_weights' must be positive and finite, got " + classWeights);
            }
        }
        if (logitShift.size() != classWeights.size() || logitShift.stream().anyMatch(v -> !Double.isFinite(v))) {
            throw new IllegalArgumentException("'logit_shift' needs one finite value per class weight, got "
                    + logitShift + " for " + classWeights);
        }
    }
}
