package org.tagllm.knime.nodes.knime.bankio;

import org.knime.node.parameters.NodeParameters;
import org.knime.node.parameters.Widget;
import org.knime.node.parameters.migration.LoadDefaultsForAbsentFields;
import org.tagllm.knime.nodes.bankio.TagModelWriterSettings;

/** The Tag Model Writer dialog: one field per {@link TagModelWriterSettings} component. */
@LoadDefaultsForAbsentFields
public final class TagModelWriterParameters implements NodeParameters {

    private static final TagModelWriterSettings D = TagModelWriterSettings.defaults();

    @Widget(title = "Bank folder", description = "Where to write the bank, for <tt>tagllm --bank</tt> or another "
        + "workflow's Tag Model Reader: a local folder or a <tt>knime://</tt> URL relative to the workflow or its "
        + "mount point.")
    String bankFolder = D.bankFolder();

    @Widget(title = "Overwrite", description = "Replace a bank already in the folder. Off, an existing folder fails "
        + "the node.")
    boolean overwrite = D.overwrite();

    TagModelWriterSettings toSettings() {
        return new TagModelWriterSettings(bankFolder, overwrite);
    }
}
