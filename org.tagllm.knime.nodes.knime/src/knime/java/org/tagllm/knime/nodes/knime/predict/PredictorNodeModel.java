package org.tagllm.knime.nodes.knime.predict;

import java.util.Optional;

import org.knime.core.data.DataTableSpec;
import org.knime.core.node.BufferedDataTable;
import org.knime.core.node.ExecutionContext;
import org.knime.core.node.InvalidSettingsException;
import org.knime.core.node.port.PortObject;
import org.knime.core.node.port.PortObjectSpec;
import org.knime.core.node.port.PortType;
import org.tagllm.knime.nodes.exec.NodeCancelledException;
import org.tagllm.knime.nodes.exec.SettingsException;
import org.tagllm.knime.nodes.knime.common.GlueNodeModel;
import org.tagllm.knime.nodes.knime.exec.Failures;
import org.tagllm.knime.nodes.knime.exec.KnimeProgress;
import org.tagllm.knime.nodes.knime.port.TagModelPortObject;
import org.tagllm.knime.nodes.knime.port.TagModelPortObjectSpec;
import org.tagllm.knime.nodes.knime.table.AppendingTableOutput;
import org.tagllm.knime.nodes.knime.table.KnimeRowInput;
import org.tagllm.knime.nodes.knime.table.KnimeTables;
import org.tagllm.knime.nodes.predict.PredictionSummary;
import org.tagllm.knime.nodes.predict.PredictorNode;
import org.tagllm.knime.nodes.predict.PredictorSettings;
import org.tagllm.knime.nodes.table.TableShape;

/**
 * Tag-LLM Predictor in KNIME: tag model and table in; the table with prediction columns and a reason column out.
 * Behaviour: {@link PredictorNode}. The input cells are passed through as they are ({@link AppendingTableOutput}).
 */
final class PredictorNodeModel extends GlueNodeModel<PredictorParameters> {

    PredictorNodeModel() {
        super(new PortType[] {TagModelPortObject.TYPE, BufferedDataTable.TYPE},
            new PortType[] {BufferedDataTable.TYPE}, PredictorParameters.class);
    }

    @Override
    protected PortObjectSpec[] configure(PortObjectSpec[] inSpecs) throws InvalidSettingsException {
        DataTableSpec table = (DataTableSpec) inSpecs[1];
        try {
            Optional<TableShape> out = PredictorNode.configure(((TagModelPortObjectSpec) inSpecs[0]).spec(),
                KnimeTables.shape(table), parameters().toSettings());
            // empty: the outputs are known only after execution (a classification head's classes)
            return new PortObjectSpec[] {out.map(shape -> AppendingTableOutput.spec(table, shape)).orElse(null)};
        } catch (SettingsException e) {
            throw Failures.settings(e);
        }
    }

    @Override
    protected PortObject[] execute(PortObject[] inObjects, ExecutionContext exec) throws Exception {
        KnimeProgress progress = new KnimeProgress(exec);
        TagModelPortObject model = (TagModelPortObject) inObjects[0];
        BufferedDataTable table = (BufferedDataTable) inObjects[1];
        PredictorSettings settings = parameters().toSettings();
        try {
            KnimeRowInput rows = new KnimeRowInput(table);
            // the executed tag model's spec is complete, so the output shape is known now
            TableShape shape = PredictorNode.configure(model.content().spec(), rows.shape(), settings)
                .orElseThrow(() -> new IllegalStateException("the executed tag model has unknown outputs"));
            try (AppendingTableOutput out = new AppendingTableOutput(table, shape, exec)) {
                PredictionSummary summary =
                    PredictorNode.execute(model.content(), rows, settings, engine(), progress, out);
                BufferedDataTable result = out.table();
                finish(progress, summary.flowVariables());
                return new PortObject[] {result};
            }
        } catch (SettingsException e) {
            throw Failures.settings(e);
        } catch (NodeCancelledException e) {
            throw Failures.cancelled(e);
        }
    }
}
