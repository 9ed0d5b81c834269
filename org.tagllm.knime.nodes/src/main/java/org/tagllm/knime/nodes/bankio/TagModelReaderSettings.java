package org.tagllm.knime.nodes.bankio;

import org.tagllm.knime.nodes.exec.SettingsException;
import org.tagllm.knime.nodes.model.ModelLocation;

/**
 * Settings of the Tag Model Reader node.
 *
 * @param bankFolder      the bank folder, e.g. {@code knime://knime.workflow/../banks/qed.bank} or a local folder
 * @param baseModelFolder the base model the bank's tags belong to, as a portable location; where it does not resolve at
 *                        execution downstream, the model is found by the bank's fingerprint (preferences)
 */
public record TagModelReaderSettings(String bankFolder, String baseModelFolder) {

    public static TagModelReaderSettings defaults() {
        return new TagModelReaderSettings("", "");
    }

    public TagModelReaderSettings withBankFolder(String v) {
        return new TagModelReaderSettings(v, baseModelFolder);
    }

    public TagModelReaderSettings withBaseModelFolder(String v) {
        return new TagModelReaderSettings(bankFolder, v);
    }

    /** @throws SettingsException when a location is not set or not a location */
    public void validate() throws SettingsException {
        ModelLocation.parse("bank folder", bankFolder);
        ModelLocation.parse("base model folder", baseModelFolder);
    }
}
