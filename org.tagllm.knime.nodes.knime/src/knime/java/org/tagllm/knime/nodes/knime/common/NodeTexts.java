package org.tagllm.knime.nodes.knime.common;

import java.util.List;

import org.knime.core.node.NodeDescription;
import org.knime.core.node.NodeFactory.NodeType;
import org.knime.node.impl.description.DefaultNodeDescriptionUtil;
import org.knime.node.impl.description.PortDescription;
import org.knime.node.impl.description.ViewDescription;
import org.knime.node.parameters.NodeParameters;

/**
 * A node's description texts; the options' descriptions come from the parameters' {@code @Widget} texts.
 *
 * @param icon file name in the plugin's {@code icons/} folder
 */
public record NodeTexts(String name, String icon, NodeType type, String shortDescription, String fullDescription,
        List<PortDescription> inPorts, List<PortDescription> outPorts) {

    /** The node description KNIME shows, built from these texts and the parameters class. */
    public NodeDescription describe(Class<? extends NodeParameters> parameters) {
        return describe(parameters, false);
    }

    /** As {@link #describe(Class)}, with the learning monitor's view described when the node has it. */
    public NodeDescription describe(Class<? extends NodeParameters> parameters, boolean learningMonitor) {
        return DefaultNodeDescriptionUtil.createNodeDescription(name, Descriptions.icon(icon), inPorts, outPorts,
            shortDescription, fullDescription + Descriptions.COMMON, List.of(), parameters,
            learningMonitor ? List.of(LEARNING_MONITOR) : null, type, Descriptions.KEYWORDS, null);
    }

    private static final ViewDescription LEARNING_MONITOR = new ViewDescription("Learning monitor",
        "The training loss of every step and the validation score of every epoch while the node executes. The button "
            + "<i>Stop training (keep best epoch)</i> ends training early, as early stopping does: the node finishes "
            + "and keeps the parameters of its best validation epoch.");
}
