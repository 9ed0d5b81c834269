package org.tagllm.knime.nodes.knime.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.knime.core.data.DataTableSpec;
import org.knime.core.node.BufferedDataTable;
import org.knime.core.node.ExecutionContext;
import org.knime.core.node.InvalidSettingsException;
import org.knime.core.node.port.PortObject;
import org.knime.core.node.port.PortObjectSpec;
import org.knime.core.node.context.ports.PortsConfiguration;
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
import org.tagllm.knime.nodes.train.TagTrainerSettings;

/**
 * Tag Trainer in KNIME: one or more tag models, the labelled table and the optional validation table in; tag model
 * and metrics table out. Behaviour: {@link TagTrainerNode}; the learning monitor watches its progress.
 */
final class TagTrainerNodeModel extends GlueNodeModel<TagTrainerParameters> {

    private final int[] models;
    private final int table;
    /** The validation table's port, or -1 when the optional port is not added. */
    private final int validation;

    /** @param ports the configured ports: the tag models, the table, optionally the validation table */
    TagTrainerNodeModel(PortsConfiguration ports, PortType[] out) {
        super(ports.getInputPorts(), out, TagTrainerParameters.class);
        Map<String, int[]> at = ports.getInputPortLocation();
        this.models = at.get(TagTrainerNodeFactory.MODELS_GROUP);
        this.table = at.get(TagTrainerNodeFactory.TABLE_GROUP)[0];
        int[] valid = at.get(TagTrainerNodeFactory.VALIDATION_GROUP);
        this.validation = valid == null || valid.length == 0 ? -1 : valid[0];
    }

    @Override
    protected PortObjectSpec[] configure(PortObjectSpec[] inSpecs) throws InvalidSettingsException {
        List<TagModelSpec> ports = new ArrayList<>(models.length);
        for (int i : models) {
            ports.add(((TagModelPortObjectSpec) inSpecs[i]).spec());
        }
        // an optional port that is added but not connected has a null spec
        DataTableSpec valid = validation < 0 ? null : (DataTableSpec) inSpecs[validation];
        try {
            ModelOutputSpec out = TagTrainerNode.configure(ports, KnimeTables.shape((DataTableSpec) inSpecs[table]),
                valid == null ? null : KnimeTables.shape(valid), parameters().toSettings());
            return new PortObjectSpec[] {new TagModelPortObjectSpec(out.model()), KnimeTables.spec(out.metrics())};
        } catch (SettingsException e) {
            throw Failures.settings(e);
        }
    }

    @Override
    protected PortObject[] execute(PortObject[] inObjects, ExecutionContext exec) throws Exception {
        KnimeProgress progress = new KnimeProgress(exec);
        List<TagModelPortContent> ports = new ArrayList<>(models.length);
        for (int i : models) {
            ports.add(((TagModelPortObject) inObjects[i]).content());
        }
        BufferedDataTable valid = validation < 0 ? null : (BufferedDataTable) inObjects[validation];
        TagTrainerSettings settings = parameters().toSettings();
        monitor().begin("stage 2/3 " + settings.functionTag());
        Path work = workDir();
        try {
            ModelOutput out = TagTrainerNode.execute(ports, new KnimeRowInput((BufferedDataTable) inObjects[table]),
                valid == null ? null : new KnimeRowInput(valid), settings, engine(), monitor().watch(progress), work,
                modelLookup());
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
