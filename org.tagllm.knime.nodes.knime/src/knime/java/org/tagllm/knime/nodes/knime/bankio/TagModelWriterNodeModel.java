package org.tagllm.knime.nodes.knime.bankio;

import org.knime.core.node.ExecutionContext;
import org.knime.core.node.InvalidSettingsException;
import org.knime.core.node.port.PortObject;
import org.knime.core.node.port.PortObjectSpec;
import org.knime.core.node.port.PortType;
import org.tagllm.knime.nodes.bankio.TagModelWriterNode;
import org.tagllm.knime.nodes.exec.SettingsException;
import org.tagllm.knime.nodes.knime.common.GlueNodeModel;
import org.tagllm.knime.nodes.knime.exec.Failures;
import org.tagllm.knime.nodes.knime.exec.KnimeRoots;
import org.tagllm.knime.nodes.knime.port.TagModelPortObject;

/** Tag Model Writer in KNIME: a tag model in; nothing out. Behaviour: {@link TagModelWriterNode}. */
final class TagModelWriterNodeModel extends GlueNodeModel<TagModelWriterParameters> {

    TagModelWriterNodeModel() {
        super(new PortType[] {TagModelPortObject.TYPE}, new PortType[0], TagModelWriterParameters.class);
    }

    @Override
    protected PortObjectSpec[] configure(PortObjectSpec[] inSpecs) throws InvalidSettingsException {
        try {
            TagModelWriterNode.configure(parameters().toSettings());
            return new PortObjectSpec[0];
        } catch (SettingsException e) {
            throw Failures.settings(e);
        }
    }

    @Override
    protected PortObject[] execute(PortObject[] inObjects, ExecutionContext exec) throws Exception {
        try {
            TagModelWriterNode.execute(((TagModelPortObject) inObjects[0]).content(), parameters().toSettings(),
                KnimeRoots.current());
            return new PortObject[0];
        } catch (SettingsException e) {
            throw Failures.settings(e);
        }
    }
}
