package org.tagllm.knime.nodes.compose;

import org.tagllm.knime.nodes.common.Checks;
import org.tagllm.knime.nodes.exec.SettingsException;

/**
 * Settings of the Tag Composer node.
 *
 * @param functionPort the port (counted from 1) whose function tag, head and task are taken; 0 = the last port
 * @param functionTag  the function tag to take, or null for that port's only one
 */
public record ComposerSettings(int functionPort, String functionTag) {

    public static ComposerSettings defaults() {
        return new ComposerSettings(0, null);
    }

    /** The 0-based index of the function port among {@code ports} ports. */
    public int functionIndex(int ports) throws SettingsException {
        if (functionPort < 0 || functionPort > ports) {
            throw new SettingsException("function port", functionPort, "the node has " + ports + " input ports; "
                    + "choose one of 1.." + ports + ", or 0 for the last");
        }
        return functionPort == 0 ? ports - 1 : functionPort - 1;
    }

    public void validate(int ports) throws SettingsException {
        functionIndex(ports);
        if (functionTag != null) {
            Checks.tagName("function tag", functionTag);
        }
    }
}
