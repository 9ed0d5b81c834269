package org.tagllm.knime.nodes.bankio;

import org.tagllm.knime.nodes.exec.SettingsException;
import org.tagllm.knime.nodes.model.ModelLocation;

/**
 * Settings of the Tag Model Writer node.
 *
 * @param bankFolder the folder to write the bank to, as a portable location
 * @param overwrite  replace a bank already there; off, an existing folder fails the node
 */
public record TagModelWriterSettings(String bankFolder, boolean overwrite) {

    public static TagModelWriterSettings defaults() {
        return new TagModelWriterSettings("", false);
    }

    public TagModelWriterSettings withBankFolder(String v) {
        return new TagModelWriterSettings(v, overwrite);
    }

    public TagModelWriterSettings withOverwrite(boolean v) {
        return new TagModelWriterSettings(bankFolder, v);
    }

    public void validate() throws SettingsException {
        ModelLocation.parse("bank folder", bankFolder);
    }
}
