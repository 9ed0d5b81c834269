package org.tagllm.knime.nodes.knime.pretrain;

import java.nio.file.Path;

import org.knime.core.data.DataTableSpec;
import org.knime.core.node.BufferedDataTable;
import org.knime.core.node.ExecutionContext;
import org.knime.core.node.InvalidSettingsException;
import org.knime.core.node.port.PortObject;
import org.knime.core.node.port.PortObjectSpec;
import org.knime.core.node.port.PortType;
import org.tagllm.knime.nodes.common.ModelOutput;
import org.tagllm.knime.nodes.common.ModelOutputSpec;
import org.tagllm.knime.nodes.exec.NodeCancelledException;
import org.tagllm.knime.nodes.exec.SettingsException;
import org.tagllm.knime.nodes.knime.common.GlueNodeModel;
import org.tagllm.knime.nodes.knime.exec.Failures;
import org.tagllm.knime.nodes.knime.exec.KnimeProgress;
import org.tagllm.knime.nodes.knime.port.TagModelPortObject;
import org.tagllm.knime.nodes.knime.port.TagModelPortObjectSpec;
import org.tagllm.knime.nodes.knime.table.KnimeRowInput;
import org.tagllm.knime.nodes.knime.table.KnimeTables;
import org.tagllm.knime.nodes.pretrain.DomainPretrainNode;
import org.tagllm.knime.nodes.pretrain.DomainPretrainSettings;

/** Domain Tag Pretrain in KNIME: table in; tag model and metrics table out. Behaviour: {@link DomainPretrainNode}. */
final class DomainPretrainNodeModel extends GlueNodeModel<DomainPretrainParameters> {

    DomainPretrainNodeModel() {
        super(new PortType[] {BufferedDataTable.TYPE}, new PortType[] {TagModelPortObject.TYPE, BufferedDataTable.TYPE},
            DomainPretrainParameters.class);
    }

    @Override
    protected PortObjectSpec[] configure(PortObjectSpec[] inSpecs) throws InvalidSettingsException {
        try {
            ModelOutputSpec out = DomainPretrainNode.configure(KnimeTables.shape((DataTableSpec) inSpecs[0]),
                parameters().toSettings());
            return new PortObjectSpec[] {new TagModelPortObjectSpec(out.model()), KnimeTables.spec(out.metrics())};
        } catch (SettingsException e) {
            throw Failures.settings(e);
        }
    }

    @Override
    protected PortObject[] execute(PortObject[] inObjects, ExecutionContext exec) throws Exception {
        KnimeProgress progress = new KnimeProgress(exec);
        DomainPretrainSettings settings = parameters().toSettings();
        monitor().begin("stage 1 " + settings.tagName());
        Path work = workDir();
        try {
            ModelOutput out = DomainPretrainNode.execute(new KnimeRowInput((BufferedDataTable) inObjects[0]),
                settings, engine(), monitor().watch(progress), work, modelLookup());
            return trainingOutputs(out, progress, exec);
        } catch (SettingsException e) {
            throw Failures.settings(e);
        } catch (NodeCancelledException e) {
            throw Failures.cancelled(e);
        } finally {
            deleteWorkDir(work);
        }
    }
}
