package org.tagllm.knime.nodes.knime.bankio;

import static org.knime.node.impl.description.PortDescription.fixedPort;

import java.util.List;
import org.knime.core.node.NodeFactory.NodeType;
import org.knime.node.impl.description.PortDescription;
import org.tagllm.knime.nodes.knime.common.Descriptions;
import org.tagllm.knime.nodes.knime.common.GlueNodeFactory;
import org.tagllm.knime.nodes.knime.common.NodeTexts;

/** Tag Model Reader: a command-line bank folder as a tag-model port. */
public final class TagModelReaderNodeFactory extends GlueNodeFactory<TagModelReaderNodeModel> {

    private static final NodeTexts TEXTS = new NodeTexts("Tag Model Reader", "reader.png", NodeType.Source,
        "Reads a tag bank folder written by the tagllm command line (or the Tag Model Writer) as a tag model.",
        """
            <p>Brings banks made outside KNIME into a workflow: <tt>tagllm pretrain-domain</tt>, <tt>train</tt> and
            <tt>compose</tt> write bank folders (<tt>bank.json</tt>, <tt>bank.safetensors</tt>); this node reads one,
            its tensors bit for bit, as a tag model for the Tag Trainer, Tag Composer or Tag-LLM Predictor. Both
            folders can be given relative to the workflow (<tt>knime://knime.workflow/…</tt>) or its mount point
            (<tt>knime://knime.mountpoint/…</tt>), so that the workflow keeps working when it moves to KNIME Server,
            Hub or a colleague's machine. The bank's base-model fingerprint travels with the tag model: where the
            base model folder does not resolve, downstream nodes find the model by it in the preferences' model
            folders.</p>
            """,
        List.of(), List.<PortDescription>of(fixedPort("Tag model", Descriptions.TAG_MODEL_OUT)));

    @Override
    protected NodeTexts texts() {
        return TEXTS;
    }

    @Override
    protected Class<TagModelReaderParameters> parameters() {
        return TagModelReaderParameters.class;
    }

    @Override
    public TagModelReaderNodeModel createNodeModel() {
        return new TagModelReaderNodeModel();
    }
}
