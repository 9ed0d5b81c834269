package org.tagllm.knime.nodes.knime.compose;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.knime.core.node.ExecutionContext;
import org.knime.core.node.InvalidSettingsException;
import org.knime.core.node.port.PortObject;
import org.knime.core.node.port.PortObjectSpec;
import org.knime.core.node.port.PortType;
import org.tagllm.knime.nodes.compose.ComposerNode;
import org.tagllm.knime.nodes.exec.NodeCancelledException;
import org.tagllm.knime.nodes.exec.SettingsException;
import org.tagllm.knime.nodes.knime.common.GlueNodeModel;
import org.tagllm.knime.nodes.knime.exec.Failures;
import org.tagllm.knime.nodes.knime.exec.KnimeProgress;
import org.tagllm.knime.nodes.knime.port.TagModelPortObject;
import org.tagllm.knime.nodes.knime.port.TagModelPortObjectSpec;
import org.tagllm.knime.nodes.port.TagModelPortContent;
import org.tagllm.knime.nodes.port.TagModelSpec;

/** Tag Composer in KNIME: two or more tag models in, one out. Behaviour: {@link ComposerNode}. */
final class ComposerNodeModel extends GlueNodeModel<ComposerParameters> {

    /** @param in the configured input ports (all tag models) */
    ComposerNodeModel(PortType[] in, PortType[] out) {
        super(in, out, ComposerParameters.class);
    }

    @Override
    protected PortObjectSpec[] configure(PortObjectSpec[] inSpecs) throws InvalidSettingsException {
        List<TagModelSpec> ports = new ArrayList<>(inSpecs.length);
        for (PortObjectSpec s : inSpecs) {
            ports.add(((TagModelPortObjectSpec) s).spec());
        }
        try {
            return new PortObjectSpec[] {
                new TagModelPortObjectSpec(ComposerNode.configure(ports, parameters().toSettings()))};
        } catch (SettingsException e) {
            throw Failures.settings(e);
        }
    }

    @Override
    protected PortObject[] execute(PortObject[] inObjects, ExecutionContext exec) throws Exception {
        KnimeProgress progress = new KnimeProgress(exec);
        List<TagModelPortContent> ports = new ArrayList<>(inObjects.length);
        for (PortObject o : inObjects) {
            ports.add(((TagModelPortObject) o).content());
        }
        try {
            TagModelPortContent composed =
                ComposerNode.execute(ports, parameters().toSettings(), engine(), progress);
            TagModelPortObject model = TagModelPortObject.create(composed, exec);
            Double zeroShot = composed.metrics().get(ComposerNode.ZERO_SHOT);
            finish(progress, zeroShot == null ? Map.of() : Map.of(ComposerNode.ZERO_SHOT, zeroShot));
            return new PortObject[] {model};
        } catch (SettingsException e) {
            throw Failures.settings(e);
        } catch (NodeCancelledException e) {
            throw Failures.cancelled(e);
        }
    }
}
