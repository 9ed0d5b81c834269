package org.tagllm.knime.nodes.knime.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
import org.tagllm.knime.nodes.port.TagModelPortContent;
import org.tagllm.knime.nodes.port.TagModelSpec;
import org.tagllm.knime.nodes.train.TagTrainerNode;

/**
 * Tag Trainer in KNIME: one or more tag models and a labelled table in (the table is the last port); tag model and
 * metrics table out. Behaviour: {@link TagTrainerNode}.
 */
final class TagTrainerNodeModel extends GlueNodeModel<TagTrainerParameters> {

    /** @param in the configured input ports: the tag models, then the table */
    TagTrainerNodeModel(PortType[] in, PortType[] out) {
        super(in, out, TagTrainerParameters.class);
    }

    @Override
    protected PortObjectSpec[] configure(PortObjectSpec[] inSpecs) throws InvalidSettingsException {
        int table = inSpecs.length - 1;
        List<TagModelSpec> ports = new ArrayList<>(table);
        for (int i = 0; i < table; i++) {
            ports.add(((TagModelPortObjectSpec) inSpecs[i]).spec());
        }
        try {
            ModelOutputSpec out = TagTrainerNode.configure(ports, KnimeTables.shape((DataTableSpec) inSpecs[table]),
                parameters().toSettings());
            return new PortObjectSpec[] {new TagModelPortObjectSpec(out.model()), KnimeTables.spec(out.metrics())};
        } catch (SettingsException e) {
            throw Failures.settings(e);
        }
    }

    @Override
    protected PortObject[] execute(PortObject[] inObjects, ExecutionContext exec) throws Exception {
        KnimeProgress progress = new KnimeProgress(exec);
        int table = inObjects.length - 1;
        List<TagModelPortContent> ports = new ArrayList<>(table);
        for (int i = 0; i < table; i++) {
            ports.add(((TagModelPortObject) inObjects[i]).content());
        }
        Path work = workDir();
        try {
            ModelOutput out = TagTrainerNode.execute(ports, new KnimeRowInput((BufferedDataTable) inObjects[table]),
                parameters().toSettings(), engine(), progress, work);
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
