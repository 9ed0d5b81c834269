package org.tagllm.knime.nodes.knime.bankio;

import org.knime.node.parameters.NodeParameters;
import org.knime.node.parameters.Widget;
import org.knime.node.parameters.migration.LoadDefaultsForAbsentFields;
import org.tagllm.knime.nodes.bankio.TagModelReaderSettings;

/** The Tag Model Reader dialog: one field per {@link TagModelReaderSettings} component. */
@LoadDefaultsForAbsentFields
public final class TagModelReaderParameters implements NodeParameters {

    private static final TagModelReaderSettings D = TagModelReaderSettings.defaults();

    @Widget(title = "Bank folder", description = "The bank folder to read (<tt>bank.json</tt>, "
        + "<tt>bank.safetensors</tt>), as <tt>tagllm</tt> writes it with <tt>--out</tt>: a local folder, or portable "
        + "as <tt>knime://knime.workflow/../banks/qed.bank</tt> (relative to the workflow) or "
        + "<tt>knime://knime.mountpoint/banks/qed.bank</tt> (relative to its mount point).")
    String bankFolder = D.bankFolder();

    @Widget(title = "Base model folder", description = "The base model the bank's tags were trained on, as a local "
        + "folder or a <tt>knime://</tt> URL. Where it does not resolve when a downstream node runs, the model is "
        + "found by the bank's fingerprint in the model folders of the Tag-LLM preferences.")
    String baseModelFolder = D.baseModelFolder();

    TagModelReaderSettings toSettings() {
        return new TagModelReaderSettings(bankFolder, baseModelFolder);
    }
}
