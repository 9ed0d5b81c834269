package org.tagllm.knime.nodes.exec;

import java.util.Objects;

/**
 * A setting is invalid: which one, the value it has, and why it cannot be used. The glue turns it into KNIME's
 * InvalidSettingsException; the message reads {@code setting 'tag name' = 'SMILES': a tag name is one word in angle
 * brackets, e.g. <SMILES>}.
 */
public final class SettingsException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String setting;
    private final String value;
    private final String reason;

    public SettingsException(String setting, Object value, String reason) {
        this(setting, value, reason, null);
    }

    /** As {@link #SettingsException(String, Object, String)}, keeping the failure that showed the value unusable. */
    public SettingsException(String setting, Object value, String reason, Throwable cause) {
        super("setting '" + setting + "'" + (value == null ? " is not set" : " = '" + value + "'") + ": " + reason,
                cause);
        this.setting = Objects.requireNonNull(setting, "setting");
        this.value = value == null ? null : String.valueOf(value);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** A problem with the node's inputs (ports, table) rather than one setting; {@link #setting()} is "inputs". */
    public static SettingsException ofInputs(String message) {
        return new SettingsException(message);
    }

    private SettingsException(String message) {
        super(message);
        this.setting = "inputs";
        this.value = null;
        this.reason = message;
    }

    /** The setting's name as the dialog shows it. */
    public String setting() {
        return setting;
    }

    /** The offending value as text, or null when the setting was not set. */
    public String value() {
        return value;
    }

    public String reason() {
        return reason;
    }
}
