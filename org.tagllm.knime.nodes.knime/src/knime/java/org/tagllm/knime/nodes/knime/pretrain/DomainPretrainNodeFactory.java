package org.tagllm.knime.nodes.knime.pretrain;

import static org.knime.node.impl.description.PortDescription.fixedPort;

import java.util.List;

import org.knime.core.node.NodeFactory.NodeType;
import org.knime.node.impl.description.PortDescription;
import org.tagllm.knime.nodes.knime.common.Descriptions;
import org.tagllm.knime.nodes.knime.common.GlueNodeFactory;
import org.tagllm.knime.nodes.knime.common.NodeTexts;

/** Domain Tag Pretrain (stage 1): factory, modern dialog, description built from the parameters' widgets. */
public final class DomainPretrainNodeFactory extends GlueNodeFactory<DomainPretrainNodeModel> {

    private static final String NAME = "Domain Tag Pretrain";

    private static final String SHORT = "Learns a domain tag (e.g. &lt;SMILES&gt;) from one column of unlabelled "
        + "examples, the base model frozen.";

    private static final String FULL = """
        <p>Stage 1 of Tag-LLM (Shen et al., ICML 2024): a <i>domain tag</i>, a few trainable input vectors, is learned
        by next-token prediction on unlabelled examples of one domain (SMILES, protein sequences, any text) while the
        LLaMA-family base model stays frozen. The tag is later put in front of that domain's inputs by the
        <b>Tag Trainer</b> and the <b>Tag-LLM Predictor</b>.</p>
        <p>Rows with missing cells or values that cannot be used (invalid SMILES, unreadable mol blocks) are skipped
        with a warning naming them by row key, or stop the node (option <i>Bad rows</i>). Progress shows the epoch,
        step and loss; cancelling stops training within one optimizer step.</p>
        """;

    private static final List<PortDescription> IN = List.of(fixedPort("Unlabelled examples",
        "The table with the column of examples (string, SMILES, SDF or RDKit molecule column)."));

    private static final List<PortDescription> OUT = List.of(
        fixedPort("Tag model", Descriptions.TAG_MODEL_OUT + " It holds the new domain tag."),
        fixedPort("Training metrics", Descriptions.METRICS_OUT
            + " Final rows: held-out next-token loss untagged, with the tag at initialisation and trained; final "
            + "training loss; steps; rows used and skipped."));

    private static final NodeTexts TEXTS = new NodeTexts(NAME, "pretrain.png", NodeType.Learner,
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
    protected Class<DomainPretrainParameters> parameters() {
        return DomainPretrainParameters.class;
    }

    @Override
    public DomainPretrainNodeModel createNodeModel() {
        return new DomainPretrainNodeModel();
    }
}
