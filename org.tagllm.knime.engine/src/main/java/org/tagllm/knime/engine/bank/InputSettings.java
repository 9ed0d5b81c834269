package org.tagllm.knime.engine.bank;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The length settings a task's inputs were shaped with in training, so that prediction shapes them the same way
 * (each field's kind and tokenisation are in its {@link FieldEntry}). Banks written before these were recorded have
 * none; their predictors keep the old default.
 *
 * @param maxPositions   positions per example at most, tags and BOS included (already capped by the model's)
 * @param lengthPolicy   what happens to a longer example: {@code truncate} (the longest value is cut until it fits)
 * @param fieldMaxTokens per input field, its value's tokens at most (a longer value is cut first); may be empty
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InputSettings(
        @JsonProperty(value = "max_positions", required = true) int maxPositions,
        @JsonProperty(value = "length_policy", required = true) String lengthPolicy,
        @JsonProperty("field_max_tokens") @JsonInclude(JsonInclude.Include.NON_EMPTY)
        Map<String, Integer> fieldMaxTokens) {

    /** The only policy training uses. */
    public static final String TRUNCATE = "truncate";

    public InputSettings {
        if (maxPositions < 2) {
            throw new IllegalArgumentException("'max_positions' must be at least 2, got " + maxPositions);
        }
        Require.text(lengthPolicy, "length_policy");
        if (!TRUNCATE.equals(lengthPolicy)) {
            throw new IllegalArgumentException("'length_policy' is '" + lengthPolicy + "'; this Tag-LLM knows '"
                    + TRUNCATE + "'");
        }
        Map<String, Integer> caps = fieldMaxTokens == null ? new TreeMap<>() : new TreeMap<>(fieldMaxTokens);
        caps.forEach((field, max) -> {
            if (max == null || max < 1) {
                throw new IllegalArgumentException("'field_max_tokens' of '" + field + "' must be positive, got "
                        + max);
            }
        });
        fieldMaxTokens = Collections.unmodifiableMap(caps);
    }
}
