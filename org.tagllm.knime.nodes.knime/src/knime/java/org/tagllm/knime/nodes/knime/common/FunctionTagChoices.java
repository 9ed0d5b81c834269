package org.tagllm.knime.nodes.knime.common;

import java.util.List;
import org.knime.node.parameters.NodeParametersInput;
import org.knime.node.parameters.widget.choices.StringChoicesProvider;
import org.tagllm.knime.nodes.common.DialogChoices;

/** The function tags (tasks) of the connected tag models: the only ones the Predictor and Composer can use. */
public final class FunctionTagChoices implements StringChoicesProvider {

    @Override
    public List<String> choices(NodeParametersInput input) {
        return DialogChoices.functionTags(ConnectedTagModels.of(input));
    }
}
