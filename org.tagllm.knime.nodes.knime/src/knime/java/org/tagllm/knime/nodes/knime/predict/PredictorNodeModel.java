package org.tagllm.knime.nodes.knime.predict;

import java.util.Optional;

import org.knime.core.data.DataTableSpec;
import org.knime.core.node.BufferedDataTable;
import org.knime.core.node.ExecutionContext;
import org.knime.core.node.InvalidSettingsException;
import org.knime.core.node.port.PortObject;
import org.knime.core.node.port.PortObjectSpec;
import org.knime.core.node.port.PortType;
import org.knime.core.node.streamable.InputPortRole;
import org.knime.core.node.streamable.OutputPortRole;
import org.knime.core.node.streamable.PartitionInfo;
import org.knime.core.node.streamable.PortInput;
import org.knime.core.node.streamable.PortObjectInput;
import org.knime.core.node.streamable.PortOutput;
import org.knime.core.node.streamable.StreamableOperator;
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
import org.tagllm.knime.nodes.knime.table.StreamedRows;
import org.tagllm.knime.nodes.predict.PredictionSummary;
import org.tagllm.knime.nodes.predict.PredictorNode;
import org.tagllm.knime.nodes.predict.PredictorSettings;
import org.tagllm.knime.nodes.table.RowInput;
import org.tagllm.knime.nodes.table.RowStream;
import org.tagllm.knime.nodes.table.TableShape;

/**
 * Tag-LLM Predictor in KNIME: tag model and table in; the table with prediction columns and a reason column out.
 * Behaviour: {@link PredictorNode}. The input cells are passed through as they are ({@link AppendingTableOutput}).
 * Streamable: in KNIME's streaming executor the table port is distributed and streamed and the output distributed,
 * so no partition ever holds more than the node layer's window of rows ({@link PredictorNode#stream}).
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
            TableShape shape = outShape(model, rows.shape(), settings);
            try (AppendingTableOutput out = new AppendingTableOutput(table, shape, exec);
                    RowInput.RowIterator it = rows.rows()) {
                PredictionSummary summary = PredictorNode.stream(model.content(), rows.shape(), RowStream.of(it),
                    table.size(), settings, engine(), progress, out, modelLookup());
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

    /** The executed tag model's spec is complete, so the output shape is known now. */
    private static TableShape outShape(TagModelPortObject model, TableShape in, PredictorSettings settings)
        throws SettingsException {
        return PredictorNode.configure(model.content().spec(), in, settings)
            .orElseThrow(() -> new IllegalStateException("the executed tag model has unknown outputs"));
    }

    @Override
    public InputPortRole[] getInputPortRoles() {
        return new InputPortRole[] {InputPortRole.NONDISTRIBUTED_NONSTREAMABLE, InputPortRole.DISTRIBUTED_STREAMABLE};
    }

    @Override
    public OutputPortRole[] getOutputPortRoles() {
        return new OutputPortRole[] {OutputPortRole.DISTRIBUTED};
    }

    @Override
    public StreamableOperator createStreamableOperator(PartitionInfo partitionInfo, PortObjectSpec[] inSpecs)
        throws InvalidSettingsException {
        return new StreamableOperator() {
            @Override
            public void runFinal(PortInput[] inputs, PortOutput[] outputs, ExecutionContext exec) throws Exception {
                KnimeProgress progress = new KnimeProgress(exec);
                TagModelPortObject model = (TagModelPortObject) ((PortObjectInput) inputs[0]).getPortObject();
                org.knime.core.node.streamable.RowInput in = (org.knime.core.node.streamable.RowInput) inputs[1];
                org.knime.core.node.streamable.RowOutput out = (org.knime.core.node.streamable.RowOutput) outputs[0];
                PredictorSettings settings = parameters().toSettings();
                try {
                    TableShape shape = outShape(model, KnimeTables.shape(in.getDataTableSpec()), settings);
                    StreamedRows rows = new StreamedRows(in, out, shape);
                    PredictionSummary summary = PredictorNode.stream(model.content(), rows.shape(), rows.rows(), -1,
                        settings, engine(), progress, rows.output(), modelLookup());
                    finish(progress, summary.flowVariables());
                } catch (SettingsException e) {
                    throw Failures.settings(e);
                } catch (NodeCancelledException e) {
                    throw Failures.cancelled(e);
                } finally {
                    in.close();
                    out.close();
                }
            }
        };
    }
}
