package org.tagllm.knime.nodes.knime.bankio;

import org.knime.core.node.ExecutionContext;
import org.knime.core.node.InvalidSettingsException;
import org.knime.core.node.port.PortObject;
import org.knime.core.node.port.PortObjectSpec;
import org.knime.core.node.port.PortType;
import org.tagllm.knime.nodes.bankio.TagModelReaderNode;
import org.tagllm.knime.nodes.exec.SettingsException;
import org.tagllm.knime.nodes.knime.common.GlueNodeModel;
import org.tagllm.knime.nodes.knime.exec.Failures;
import org.tagllm.knime.nodes.knime.exec.KnimeRoots;
import org.tagllm.knime.nodes.knime.port.TagModelPortObject;
import org.tagllm.knime.nodes.knime.port.TagModelPortObjectSpec;

/** Tag Model Reader in KNIME: no input; a tag model out. Behaviour: {@link TagModelReaderNode}. */
final class TagModelReaderNodeModel extends GlueNodeModel<TagModelReaderParameters> {

    TagModelReaderNodeModel() {
        super(new PortType[0], new PortType[] {TagModelPortObject.TYPE}, TagModelReaderParameters.class);
    }

    @Override
    protected PortObjectSpec[] configure(PortObjectSpec[] inSpecs) throws InvalidSettingsException {
        try {
            return new PortObjectSpec[] {new TagModelPortObjectSpec(
                TagModelReaderNode.configure(parameters().toSettings(), KnimeRoots.current()))};
        } catch (SettingsException e) {
            throw Failures.settings(e);
        }
    }

    @Override
    protected PortObject[] execute(PortObject[] inObjects, ExecutionContext exec) throws Exception {
        try {
            return new PortObject[] {TagModelPortObject.create(
                TagModelReaderNode.execute(parameters().toSettings(), KnimeRoots.current()), exec)};
        } catch (SettingsException e) {
            throw Failures.settings(e);
        }
    }
}
