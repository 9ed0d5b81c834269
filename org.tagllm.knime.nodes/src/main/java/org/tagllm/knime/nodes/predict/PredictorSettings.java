package org.tagllm.knime.nodes.predict;

import org.tagllm.knime.nodes.common.Checks;
import org.tagllm.knime.nodes.exec.SettingsException;

/**
 * Settings of the Tag-LLM Predictor node, with the defaults of {@code tagllm predict}. Output columns follow KNIME's
 * predictors ({@link PredictorColumns}): {@code Prediction (QED)}, or for a classifier {@code P (BBBP=0)}…, the
 * predicted class {@code Prediction (BBBP)} and optionally its confidence.
 *
 * @param functionTag       the function tag to apply, or null for the tag model's only one
 * @param batchSize         rows per forward pass
 * @param maxTokens         positions per row at most (capped by the model), or 0 for the limit the tag model was
 *                          trained with; longer inputs are cut for the model (a warning counts them)
 * @param device            {@code cpu} or {@code cuda:N}
 * @param predictionColumn  the prediction (or predicted class) column's name; blank for {@code Prediction (<tag>)}
 * @param probabilitySuffix put after each class probability column's name, e.g. {@code _model1}
 * @param appendConfidence  a classifier's confidence (the predicted class's probability) as a column
 * @param reasonColumn      the column saying why a row has no prediction
 */
public record PredictorSettings(String functionTag, int batchSize, int maxTokens, String device,
        String predictionColumn, String probabilitySuffix, boolean appendConfidence, String reasonColumn) {

    public PredictorSettings {
        predictionColumn = predictionColumn == null ? "" : predictionColumn;
        probabilitySuffix = probabilitySuffix == null ? "" : probabilitySuffix;
    }

    public static PredictorSettings defaults() {
        return new PredictorSettings(null, 32, 0, "cpu", "", "", false, "Prediction problem");
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
        return new PredictorSettings(tag, batchSize, maxTokens, device, predictionColumn, probabilitySuffix,
                appendConfidence, reasonColumn);
    }

    public PredictorSettings withBatchSize(int b) {
        return new PredictorSettings(functionTag, b, maxTokens, device, predictionColumn, probabilitySuffix,
                appendConfidence, reasonColumn);
    }

    public PredictorSettings withMaxTokens(int m) {
        return new PredictorSettings(functionTag, batchSize, m, device, predictionColumn, probabilitySuffix,
                appendConfidence, reasonColumn);
    }

    public PredictorSettings withDevice(String d) {
        return new PredictorSettings(functionTag, batchSize, maxTokens, d, predictionColumn, probabilitySuffix,
                appendConfidence, reasonColumn);
    }

    /** The prediction column's name (blank for KNIME's default) and the reason column's. */
    public PredictorSettings withColumns(String prediction, String reason) {
        return new PredictorSettings(functionTag, batchSize, maxTokens, device, prediction, probabilitySuffix,
                appendConfidence, reason);
    }

    public PredictorSettings withProbabilities(String suffix, boolean confidence) {
        return new PredictorSettings(functionTag, batchSize, maxTokens, device, predictionColumn, suffix, confidence,
                reasonColumn);
    }
}
