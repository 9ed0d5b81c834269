package org.tagllm.knime.nodes.predict;

import org.tagllm.knime.nodes.common.Checks;
import org.tagllm.knime.nodes.exec.SettingsException;

/**
 * Settings of the Tag-LLM Predictor node, with the defaults of {@code tagllm predict}.
 *
 * @param functionTag  the function tag to apply, or null for the tag model's only one
 * @param batchSize    rows per forward pass
 * @param maxTokens    positions per row at most (capped by the model), or 0 for the limit the tag model was trained
 *                     with; longer inputs are cut for the model (a warning counts them)
 * @param device       {@code cpu} or {@code cuda:N}
 * @param columnPrefix put before each prediction column's name (the tag, tag[i], P(class))
 * @param reasonColumn the column saying why a row has no prediction
 */
public record PredictorSettings(String functionTag, int batchSize, int maxTokens, String device, String columnPrefix,
        String reasonColumn) {

    public PredictorSettings {
        columnPrefix = columnPrefix == null ? "" : columnPrefix;
    }

    public static PredictorSettings defaults() {
        return new PredictorSettings(null, 32, 0, "cpu", "Prediction ", "Prediction problem");
    }

    /** @throws SettingsException naming the first setting out of range */
    public void validate() throws SettingsException {
        if (functionTag != null) {
            Checks.tagName("function tag", functionTag);
        }
        Checks.atLeast("batch size", batchSize, 1);
        if (maxTokens != 0) {
            Checks.atLeast("max tokens", maxTokens, 2); // 0: the tag model's own
        }
        Checks.device(device);
        if (reasonColumn == null || reasonColumn.isEmpty()) {
            throw new SettingsException("reason column", reasonColumn, "name the column that says why a row has no "
                    + "prediction");
        }
    }

    public PredictorSettings withFunctionTag(String tag) {
        return new PredictorSettings(tag, batchSize, maxTokens, device, columnPrefix, reasonColumn);
    }

    public PredictorSettings withBatchSize(int b) {
        return new PredictorSettings(functionTag, b, maxTokens, device, columnPrefix, reasonColumn);
    }

    public PredictorSettings withMaxTokens(int m) {
        return new PredictorSettings(functionTag, batchSize, m, device, columnPrefix, reasonColumn);
    }

    public PredictorSettings withDevice(String d) {
        return new PredictorSettings(functionTag, batchSize, maxTokens, d, columnPrefix, reasonColumn);
    }

    public PredictorSettings withColumns(String prefix, String reason) {
        return new PredictorSettings(functionTag, batchSize, maxTokens, device, prefix, reason);
    }
}
