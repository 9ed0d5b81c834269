package org.tagllm.knime.nodes.knime.predict;

import org.knime.node.parameters.Advanced;
import org.knime.node.parameters.NodeParameters;
import org.knime.node.parameters.Widget;
import org.knime.node.parameters.layout.After;
import org.knime.node.parameters.layout.Layout;
import org.knime.node.parameters.layout.Section;
import org.knime.node.parameters.migration.LoadDefaultsForAbsentFields;
import org.knime.node.parameters.widget.choices.ChoicesProvider;
import org.tagllm.knime.nodes.knime.common.DeviceOptions;
import org.tagllm.knime.nodes.knime.common.FunctionTagChoices;
import org.tagllm.knime.nodes.knime.common.TableColumns;
import org.tagllm.knime.nodes.predict.PredictorSettings;

/**
 * The Tag-LLM Predictor dialog and persisted settings: one field per {@link PredictorSettings} component, defaults from
 * {@link PredictorSettings#defaults()}, in three sections. The function tag is chosen from the connected tag model's
 * tasks; blank is the record's null ("the tag model's only one").
 */
@LoadDefaultsForAbsentFields // a setting added later loads its default from older workflows
public final class PredictorParameters implements NodeParameters {

    private static final PredictorSettings D = PredictorSettings.defaults();

    @Section(title = "Task")
    interface Task {
    }

    @Section(title = "Output columns")
    @After(Task.class)
    interface Output {
    }

    @Section(title = "Advanced")
    @After(Output.class)
    @Advanced
    interface Execution {
    }

    @Layout(Task.class)
    @Widget(title = "Function tag", description = "The function tag (task) of the connected tag model to apply, "
        + "e.g. <tt>&lt;QED&gt;</tt>. Leave empty when the tag model holds only one.")
    @ChoicesProvider(FunctionTagChoices.class)
    String functionTag = D.functionTag() == null ? "" : D.functionTag();

    @Layout(Output.class)
    @Widget(title = "Prediction column", description = "The name of the prediction column (of a classifier: the "
        + "predicted class). Empty: <i>Prediction (QED)</i>, after the function tag, as KNIME's predictors name "
        + "theirs; several regression outputs get <i>_0</i>, <i>_1</i>…")
    String predictionColumn = D.predictionColumn();

    @Layout(Output.class)
    @Widget(title = "Suffix for probability columns", description = "Put after each class probability column "
        + "<i>P (BBBP=1)</i> of a classifier, e.g. to tell two models' columns apart.")
    String probabilitySuffix = D.probabilitySuffix();

    @Layout(Output.class)
    @Widget(title = "Append confidence", description = "A classifier's confidence, the probability of the predicted "
        + "class, as the column <i>Prediction (BBBP) (Confidence)</i>.")
    boolean appendConfidence = D.appendConfidence();

    @Layout(Output.class)
    @Widget(title = "Reason column", description = "The column that says why a row has no prediction (e.g. an "
        + "invalid SMILES, with the parser's message); missing for predicted rows.")
    String reasonColumn = D.reasonColumn();

    @Layout(Execution.class)
    @Widget(title = "Batch size", description = "Rows per forward pass.", advanced = true)
    int batchSize = D.batchSize();

    @Layout(Execution.class)
    @Widget(title = "Max tokens", description = "Positions per row at most (capped by the model); longer inputs are "
        + "cut. 0: the limit the tag model was trained with.", advanced = true)
    int maxTokens = D.maxTokens();

    @Layout(Execution.class)
    DeviceOptions device = new DeviceOptions();

    /** The KNIME-free settings. */
    PredictorSettings toSettings() {
        return new PredictorSettings(TableColumns.orNull(functionTag), batchSize, maxTokens, device.toSetting(),
            predictionColumn, probabilitySuffix, appendConfidence, reasonColumn);
    }
}
