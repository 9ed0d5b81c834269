package org.tagllm.knime.nodes.knime.bankio;

import static org.knime.node.impl.description.PortDescription.fixedPort;

import java.util.List;
import org.knime.core.node.NodeFactory.NodeType;
import org.knime.node.impl.description.PortDescription;
import org.tagllm.knime.nodes.knime.common.GlueNodeFactory;
import org.tagllm.knime.nodes.knime.common.NodeTexts;

/** Tag Model Writer: a tag-model port's bank as a command-line bank folder. */
public final class TagModelWriterNodeFactory extends GlueNodeFactory<TagModelWriterNodeModel> {

    private static final NodeTexts TEXTS = new NodeTexts("Tag Model Writer", "writer.png", NodeType.Sink,
        "Writes a tag model's bank as a folder the tagllm command line reads.",
        """
            <p>Takes a tag model out of the workflow: its bank is written as the folder <tt>tagllm --bank</tt> reads
            (<tt>bank.json</tt>, <tt>bank.safetensors</tt>), byte for byte what the command line writes for the same
            bank; a Tag Model Reader in another workflow reads it back unchanged. The folder may be given relative
            to the workflow or its mount point (<tt>knime://…</tt>). Training curves and metrics stay in the
            workflow; the bank keeps its provenance.</p>
            """,
        List.<PortDescription>of(fixedPort("Tag model", "The tag model whose bank is written.")), List.of());

    @Override
    protected NodeTexts texts() {
        return TEXTS;
    }

    @Override
    protected Class<TagModelWriterParameters> parameters() {
        return TagModelWriterParameters.class;
    }

    @Override
    public TagModelWriterNodeModel createNodeModel() {
        return new TagModelWriterNodeModel();
    }
}
