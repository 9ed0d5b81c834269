package org.tagllm.knime.nodes.knime.common;

import java.util.List;

import org.knime.core.node.NodeDescription;
import org.knime.core.node.NodeFactory.NodeType;
import org.knime.node.impl.description.DefaultNodeDescriptionUtil;
import org.knime.node.impl.description.PortDescription;
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
        return DefaultNodeDescriptionUtil.createNodeDescription(name, Descriptions.icon(icon), inPorts, outPorts,
            shortDescription, fullDescription + Descriptions.COMMON, List.of(), parameters, null, type,
            Descriptions.KEYWORDS, null);
    }
}
