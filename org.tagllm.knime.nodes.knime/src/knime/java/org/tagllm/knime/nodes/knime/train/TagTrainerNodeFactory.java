package org.tagllm.knime.nodes.knime.train;

import static org.knime.node.impl.description.PortDescription.dynamicPort;
import static org.knime.node.impl.description.PortDescription.fixedPort;

import java.util.List;
import java.util.Optional;

import org.knime.core.node.BufferedDataTable;
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
 * Tag Trainer: one tag-model input and more on demand (an extendable port group), then the labelled table; tag model
 * and metrics table out; modern dialog; description built from the parameters' widgets.
 */
public final class TagTrainerNodeFactory extends GlueConfigurableNodeFactory<TagTrainerNodeModel> {

    /** The port group of the tag-model inputs. */
    static final String MODELS_GROUP = "Tag models";

    static final String TABLE_GROUP = "Labelled data";

    /** The optional validation table (KNIME's "+" port action), as the user's Partitioning made it. */
    static final String VALIDATION_GROUP = "Validation data";

    private static final String NAME = "Tag Trainer";

    private static final String SHORT = "Learns a function tag and its head (regression, classification or "
        + "generation) on a labelled table, the inputs behind domain tags from the input tag models.";

    private static final String FULL = """
        <p>Stages 2 and 3 of Tag-LLM (Shen et al., ICML 2024): a <i>function tag</i> and a task head are learned on
        labelled rows while the base model and the domain tags stay frozen. Each input column is put behind a domain
        tag from the input tag models (merged; different base models or clashing tags are refused); with inputs
        behind two or more different domain tags this is stage 3 (e.g. a protein and a molecule).</p>
        <p>As KNIME's learners do, the node trains on the table it gets and validates on the optional
        <i>Validation data</i> table (add it with the "+" port action, e.g. from a Partitioning node): then every
        training row trains, every validation row validates, and there is no test part. Only without that table are
        the rows split internally, by a split column or a seeded random split (the validation and test fractions).
        Early stopping (patience) ends training when validation stops improving; the best validation epoch is kept
        and reported (<i>best_epoch</i>, <i>stopped_early</i>). The node's view is a live learning monitor: the
        loss of every step and the validation of every epoch while it executes, with a button that stops training
        early and keeps the best state. The metrics table and flow variables (prefixed <i>tagllm_</i>) give
        validation and test metrics. Rows that cannot be used are skipped with
        a warning naming them (or stop the node). Progress shows the epoch, step and loss; cancelling stops training
        within one optimizer step. Add more tag-model inputs with the node's "+" port action.</p>
        <p>Uncertainty (as <tt>tagllm train</tt>): calibration on the validation rows (conformal intervals or sets at
        the coverage, with the applicability domain), and an ensemble of function tags; the Predictor then adds
        their columns.</p>
        """;

    private static final List<PortDescription> IN = List.of(
        fixedPort("Tag model", "A tag model with the domain tags the inputs need (Domain Tag Pretrain)."),
        dynamicPort(MODELS_GROUP, "More tag models", "Further tag models with more domain tags (stage 3)."),
        fixedPort("Labelled data", "The training table: the input columns, the targets (regression) or the label or "
            + "answer column, and optionally a split column."),
        dynamicPort(VALIDATION_GROUP, "Validation data", "Optional: the validation table, with the columns the node "
            + "reads and their types. Connected, it replaces the internal split."));

    private static final List<PortDescription> OUT = List.of(
        fixedPort("Tag model", Descriptions.TAG_MODEL_OUT
            + " It holds the domain tags used, the new function tag, its head and task."),
        fixedPort("Training metrics", Descriptions.METRICS_OUT
            + " Final rows: validation and test metrics (<i>valid.*</i>, <i>test.*</i>), final training loss, steps, "
            + "stage, and the rows of each part."));

    private static final NodeTexts TEXTS = new NodeTexts(NAME, "trainer.png", NodeType.Learner,
        SHORT, FULL, IN, OUT);

    @Override
    protected boolean learningMonitor() {
        return true;
    }

    @Override
    protected NodeTexts texts() {
        return TEXTS;
    }

    @Override
    protected Class<TagTrainerParameters> parameters() {
        return TagTrainerParameters.class;
    }

    @Override
    protected Optional<PortsConfigurationBuilder> createPortsConfigBuilder() {
        PortsConfigurationBuilder b = new PortsConfigurationBuilder();
        b.addExtendableInputPortGroup(MODELS_GROUP, new PortType[] {TagModelPortObject.TYPE},
            TagModelPortObject.TYPE);
        b.addFixedInputPortGroup(TABLE_GROUP, BufferedDataTable.TYPE);
        b.addOptionalInputPortGroup(VALIDATION_GROUP, BufferedDataTable.TYPE);
        b.addFixedOutputPortGroup("Outputs", TagModelPortObject.TYPE, BufferedDataTable.TYPE);
        return Optional.of(b);
    }

    @Override
    protected TagTrainerNodeModel createNodeModel(NodeCreationConfiguration creationConfig) {
        PortsConfiguration ports = creationConfig.getPortConfig().orElseThrow();
        return new TagTrainerNodeModel(ports, ports.getOutputPorts());
    }
}
