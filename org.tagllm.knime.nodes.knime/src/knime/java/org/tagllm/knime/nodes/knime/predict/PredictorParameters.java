package org.tagllm.knime.nodes.knime.predict;

import org.knime.node.parameters.NodeParameters;
import org.knime.node.parameters.Widget;
import org.knime.node.parameters.migration.LoadDefaultsForAbsentFields;
import org.tagllm.knime.nodes.knime.common.DeviceOptions;
import org.tagllm.knime.nodes.knime.common.TableColumns;
import org.tagllm.knime.nodes.predict.PredictorSettings;

/**
 * The Tag-LLM Predictor dialog and persisted settings: one field per {@link PredictorSettings} component, defaults from
 * {@link PredictorSettings#defaults()}. A blank function tag is the record's null ("the tag model's only one").
 */
@LoadDefaultsForAbsentFields // a setting added later loads its default from older workflows
public final class PredictorParameters implements NodeParameters {

    private static final PredictorSettings D = PredictorSettings.defaults();

    @Widget(title = "Function tag", description = "The function tag (task) of the tag model to apply, e.g. "
        + "<tt>&lt;QED&gt;</tt>. Leave empty when the tag model holds only one.")
    String functionTag = D.functionTag() == null ? "" : D.functionTag();

    @Widget(title = "Column prefix", description = "Put before each prediction column's name. Prediction columns are "
        + "named after the head's outputs: the function tag for one regression value, <i>tag[i]</i> for several, "
        + "<i>P(class)</i> per class of a classification head, the tag for generated text.")
    String columnPrefix = D.columnPrefix();

    @Widget(title = "Reason column", description = "The column that says why a row has no prediction (e.g. an "
        + "invalid SMILES, with the parser's message); missing for predicted rows.")
    String reasonColumn = D.reasonColumn();

    @Widget(title = "Batch size", description = "Rows per forward pass.", advanced = true)
    int batchSize = D.batchSize();

    @Widget(title = "Max tokens", description = "Positions per row at most (capped by the model); longer inputs are "
        + "cut.", advanced = true)
    int maxTokens = D.maxTokens();

    DeviceOptions device = new DeviceOptions();

    /** The KNIME-free settings. */
    PredictorSettings toSettings() {
        return new PredictorSettings(TableColumns.orNull(functionTag), batchSize, maxTokens, device.toSetting(),
            columnPrefix, reasonColumn);
    }
}
