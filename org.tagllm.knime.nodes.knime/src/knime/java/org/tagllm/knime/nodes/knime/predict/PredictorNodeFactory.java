package org.tagllm.knime.nodes.knime.predict;

import static org.knime.node.impl.description.PortDescription.fixedPort;

import java.util.List;

import org.knime.core.node.NodeFactory.NodeType;
import org.knime.node.impl.description.PortDescription;
import org.tagllm.knime.nodes.knime.common.Descriptions;
import org.tagllm.knime.nodes.knime.common.GlueNodeFactory;
import org.tagllm.knime.nodes.knime.common.NodeTexts;

/** Tag-LLM Predictor: factory, modern dialog, description built from the parameters' widgets. */
public final class PredictorNodeFactory extends GlueNodeFactory<PredictorNodeModel> {

    private static final String NAME = "Tag-LLM Predictor";

    private static final String SHORT = "Applies a tag model's function tag and head to a table: one prediction "
        + "column per output and a reason column.";

    private static final String FULL = """
        <p>Puts the tag model's domain tags in front of each input column its task reads and the function tag at the
        end, runs the frozen base model and reads the answer with the task's head. Columns are named as KNIME's
        predictors name theirs: <i>Prediction (QED)</i> for a regression value (several: <i>_0</i>, <i>_1</i>…),
        for a classifier the class probabilities <i>P (BBBP=1)</i> (with an optional suffix), the predicted class
        <i>Prediction (BBBP)</i> and optionally its confidence, for a generation head the text. The prediction
        column's name can be changed. Every input row is written, in input order, with its cells
        unchanged; rows that cannot be predicted (e.g. an invalid SMILES) get missing predictions and the reason in
        the reason column, and a warning counts them.</p>
        <p>The output columns are known before execution except for a classification head trained by an upstream
        node that has not run yet (its classes come from the data). Flow variables: <i>tagllm_rows_predicted</i>,
        <i>tagllm_rows_failed</i>.</p>
        <p>A calibrated tag model adds, after the predictions: <i>QED_low</i>/<i>QED_high</i> (or
        <i>prediction_set</i>), an ensemble's <i>QED_sd</i>, <i>ad_similarity</i> (ECFP4 Tanimoto to the nearest
        training molecule), <i>ad_percentile</i> and <i>outside_domain</i> (readout distance), and for a protein
        input <i>ad_identity</i> (3-mer identity estimate to the nearest training sequence).</p>
        <p>The node streams: in KNIME's streaming executor (e.g. inside a streamed component) rows are predicted a
        window at a time and passed on, so tables of millions of rows never have to be held.</p>
        """;

    private static final List<PortDescription> IN = List.of(
        fixedPort("Tag model", "A tag model with at least one function tag and head (Tag Trainer or Tag Composer)."),
        fixedPort("Table", "The rows to predict; it must have every column the task reads, under the same names "
            + "(string, SMILES, SDF or RDKit molecule columns)."));

    private static final List<PortDescription> OUT = List.of(fixedPort("Predictions",
        "The input table with the prediction columns and the reason column appended."));

    private static final NodeTexts TEXTS = new NodeTexts(NAME, "predictor.png", NodeType.Predictor,
        SHORT, FULL, IN, OUT);

    @Override
    protected NodeTexts texts() {
        return TEXTS;
    }

    @Override
    protected Class<PredictorParameters> parameters() {
        return PredictorParameters.class;
    }

    @Override
    public PredictorNodeModel createNodeModel() {
        return new PredictorNodeModel();
    }
}
