package org.tagllm.knime.nodes.knime.common;

import java.util.List;
import org.knime.node.parameters.NodeParametersInput;
import org.knime.node.parameters.widget.choices.StringChoicesProvider;
import org.tagllm.knime.nodes.common.DialogChoices;

/** The domain tags the connected tag models hold: the only ones an input column can stand behind. */
public final class DomainTagChoices implements StringChoicesProvider {

    @Override
    public List<String> choices(NodeParametersInput input) {
        return DialogChoices.domainTags(ConnectedTagModels.of(input));
    }
}
