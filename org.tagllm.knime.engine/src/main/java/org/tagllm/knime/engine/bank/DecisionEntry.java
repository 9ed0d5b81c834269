package org.tagllm.knime.engine.bank;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Set;

/**
 * How a two-class head names a row's class: positive when the calibrated probability of {@code positiveClass}
 * reaches {@code threshold}, a threshold chosen on the validation rows by {@code criterion}. Banks without it (older
 * banks, more than two classes, or validation rows of one class) name the most probable class.
 *
 * @param positiveClass   the label whose probability is compared, the second of the head's two labels
 * @param threshold       in [0, 1]; a row is positive when its probability is at least this
 * @param criterion       what the threshold maximised on validation: {@code f1}, {@code mcc} or {@code youden}
 * @param validationScore that criterion's value on the validation rows at this threshold
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DecisionEntry(
        @JsonProperty(value = "positive_class", required = true) String positiveClass,
        @JsonProperty(value = "threshold", required = true) double threshold,
        @JsonProperty(value = "criterion", required = true) String criterion,
        @JsonProperty(value = "validation_score", required = true) double validationScore) {

    /** The criteria a threshold can be chosen by. */
    public static final Set<String> CRITERIA = Set.of("f1", "mcc", "youden");

    public DecisionEntry {
        Require.text(positiveClass, "positive_class");
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("'threshold' must be a probability in [0, 1], got " + threshold);
        }
        if (!CRITERIA.contains(Require.text(criterion, "criterion"))) {
            throw new IllegalArgumentException("'criterion' is '" + criterion + "'; expected one of f1, mcc, youden");
        }
        if (!Double.isFinite(validationScore)) {
            throw new IllegalArgumentException("'validation_score' must be finite, got " + validationScore);
        }
    }
}
