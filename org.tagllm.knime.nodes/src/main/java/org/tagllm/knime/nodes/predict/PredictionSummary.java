package org.tagllm.knime.nodes.predict;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a prediction run did.
 *
 * @param rows      rows written (every input row)
 * @param predicted rows with a prediction
 * @param failed    rows with a reason instead
 */
public record PredictionSummary(long rows, long predicted, long failed) {

    /** The flow variables: {@code rows_predicted} and {@code rows_failed}. */
    public Map<String, Double> flowVariables() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("rows_predicted", (double) predicted);
        m.put("rows_failed", (double) failed);
        return m;
    }
}
