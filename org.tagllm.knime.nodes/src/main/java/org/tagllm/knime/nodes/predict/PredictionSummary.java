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

    /** Flow variable: rows with a prediction. */
    public static final String ROWS_PREDICTED = "rows_predicted";
    /** Flow variable: rows with a reason instead. */
    public static final String ROWS_FAILED = "rows_failed";

    /** The flow variables {@value #ROWS_PREDICTED} and {@value #ROWS_FAILED}. */
    public Map<String, Double> flowVariables() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(ROWS_PREDICTED, (double) predicted);
        m.put(ROWS_FAILED, (double) failed);
        return m;
    }
}
