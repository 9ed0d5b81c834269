package org.tagllm.knime.nodes.knime.common;

import org.knime.core.node.ConfigurableNodeFactory;
import org.knime.core.node.NodeDescription;
import org.knime.core.node.NodeDialogPane;
import org.knime.core.node.NodeModel;
import org.knime.core.node.NodeView;
import org.knime.core.node.context.NodeCreationConfiguration;
import org.knime.core.webui.node.dialog.NodeDialog;
import org.knime.core.webui.node.dialog.NodeDialogFactory;
import org.knime.core.webui.node.dialog.NodeDialogManager;
import org.knime.core.webui.node.dialog.SettingsType;
import org.knime.core.webui.node.dialog.defaultdialog.DefaultNodeDialog;
import org.knime.node.parameters.NodeParameters;
import org.tagllm.knime.nodes.knime.monitor.LearningMonitorView;

/**
 * As {@link GlueNodeFactory}, for nodes with extendable port groups ({@code ConfigurableNodeFactory}); KNIME has the
 * two factory types apart, so the shared behaviour is written once for each.
 */
public abstract class GlueConfigurableNodeFactory<M extends NodeModel> extends ConfigurableNodeFactory<M>
        implements NodeDialogFactory {

    /** The node's texts, a constant of the subclass. */
    protected abstract NodeTexts texts();

    /** The node's parameters class. */
    protected abstract Class<? extends NodeParameters> parameters();

    /** Whether the node has the learning monitor view (the training nodes). */
    protected boolean learningMonitor() {
        return false;
    }

    @Override
    protected final int getNrNodeViews() {
        return learningMonitor() ? 1 : 0;
    }

    // Deprecated for removal since KNIME 5.6 but still abstract in 5.11: the override is required.
    @SuppressWarnings("removal")
    @Override
    public final NodeView<M> createNodeView(int viewIndex, M nodeModel) {
        return learningMonitor() && nodeModel instanceof GlueNodeModel<?> g
            ? new LearningMonitorView<>(nodeModel, g.monitor()) : null;
    }

    // Deprecated for removal since KNIME 5.6 but still abstract in 5.11: the override is required.
    @SuppressWarnings("removal")
    @Override
    protected final boolean hasDialog() {
        return true;
    }

    // Deprecated for removal since KNIME 5.6 but still abstract in 5.11: the override is required.
    @SuppressWarnings("removal")
    @Override
    protected final NodeDialogPane createNodeDialogPane(NodeCreationConfiguration creationConfig) {
        return NodeDialogManager.createLegacyFlowVariableNodeDialog(createNodeDialog());
    }

    @Override
    public final NodeDialog createNodeDialog() {
        return new DefaultNodeDialog(SettingsType.MODEL, parameters());
    }

    @Override
    public final NodeDescription createNodeDescription() {
        return texts().describe(parameters(), learningMonitor());
    }
}
