package org.tagllm.knime.nodes.knime.compose;

import static org.knime.node.impl.description.PortDescription.dynamicPort;
import static org.knime.node.impl.description.PortDescription.fixedPort;

import java.util.List;
import java.util.Optional;

import org.knime.core.node.NodeFactory.NodeType;
import org.knime.core.node.context.NodeCreationConfiguration;
import org.knime.core.node.context.ports.PortsConfiguration;
import org.knime.core.node.port.PortType;
import org.knime.node.impl.description.PortDescription;
import org.tagllm.knime.nodes.knime.common.Descriptions;
import org.tagllm.knime.nodes.knime.common.GlueConfigurableNodeFactory;
import org.tagllm.knime.nodes.knime.common.NodeTexts;
import org.tagllm.knime.nodes.knime.port.TagModelPortObject;

/**
 * Tag Composer: two tag-model inputs and more on demand (an extendable port group), one tag-model output; modern
 * dialog; description built from the parameters' widgets.
 */
public final class ComposerNodeFactory extends GlueConfigurableNodeFactory<ComposerNodeModel> {

    /** The port group of the tag-model inputs. */
    static final String INPUT_GROUP = "Tag models";

    private static final String NAME = "Tag Composer";

    private static final String SHORT = "Composes one tag model from several: a function tag and head from one, the "
        + "domain tags its task needs from the others.";

    private static final String FULL = """
        <p>Tag-LLM's tags are modular: a function tag trained behind one domain tag can be used behind another domain
        tag of the same name trained separately (zero-shot). This node takes the function tag, its head and task from
        one input (the <i>function port</i>, the last by default) and each domain tag the task reads from the other
        inputs when one offers it (replacing the function port's own copy: connecting it is how the pairing is
        asked for), else from the function port. Tag models of different base models are refused, naming the ports
        and both models; two other inputs offering one tag with different values are refused too.</p>
        <p>Add more inputs with the node's "+" port action. Flow variable: <i>zero_shot</i>, 1 when a domain tag comes
        from another port than the function tag (a pairing never trained together), else 0.</p>
        <p>An ensemble's members come along. The calibration (intervals or sets, applicability domain) is kept when
        every domain tag is the one the function tag was trained with, bit for bit; after a swap it is dropped, with
        a warning (it was fitted with the other domain tag).</p>
        """;

    private static final List<PortDescription> IN = List.of(
        fixedPort("Tag model 1", "A tag model (with the domain tags, or with the function tag)."),
        fixedPort("Tag model 2", "A tag model (by default the one whose function tag and head are taken)."),
        dynamicPort(INPUT_GROUP, "More tag models", "Further tag models, e.g. with more domain tags."));

    private static final List<PortDescription> OUT = List.of(fixedPort("Tag model",
        Descriptions.TAG_MODEL_OUT + " It holds the function tag, its head and task, and the domain tags they need."));

    private static final NodeTexts TEXTS = new NodeTexts(NAME, "composer.png", NodeType.Manipulator,
        SHORT, FULL, IN, OUT);

    @Override
    protected NodeTexts texts() {
        return TEXTS;
    }

    @Override
    protected Class<ComposerParameters> parameters() {
        return ComposerParameters.class;
    }

    @Override
    protected Optional<PortsConfigurationBuilder> createPortsConfigBuilder() {
        PortsConfigurationBuilder b = new PortsConfigurationBuilder();
        b.addExtendableInputPortGroup(INPUT_GROUP, new PortType[] {TagModelPortObject.TYPE, TagModelPortObject.TYPE},
            TagModelPortObject.TYPE);
        b.addFixedOutputPortGroup("Tag model", TagModelPortObject.TYPE);
        return Optional.of(b);
    }

    @Override
    protected ComposerNodeModel createNodeModel(NodeCreationConfiguration creationConfig) {
        PortsConfiguration ports = creationConfig.getPortConfig().orElseThrow();
        return new ComposerNodeModel(ports.getInputPorts(), ports.getOutputPorts());
    }
}
