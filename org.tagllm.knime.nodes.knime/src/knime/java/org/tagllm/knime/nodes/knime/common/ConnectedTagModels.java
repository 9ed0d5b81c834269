package org.tagllm.knime.nodes.knime.common;

import java.util.ArrayList;
import java.util.List;
import org.knime.core.node.port.PortObjectSpec;
import org.knime.node.parameters.NodeParametersInput;
import org.tagllm.knime.nodes.knime.port.TagModelPortObjectSpec;
import org.tagllm.knime.nodes.port.TagModelSpec;

/** The specs of the tag models connected to a node, in port order, for the dialogs' choices. */
public final class ConnectedTagModels {

    private ConnectedTagModels() {}

    /** Every connected tag-model port's spec; ports without a spec (nothing connected, not configured) are left out. */
    public static List<TagModelSpec> of(NodeParametersInput input) {
        List<TagModelSpec> specs = new ArrayList<>();
        for (PortObjectSpec spec : input.getInPortSpecs()) {
            if (spec instanceof TagModelPortObjectSpec t) {
                specs.add(t.spec());
            }
        }
        return specs;
    }
}
