package org.tagllm.knime.engine.train;

/**
 * A training setting out of its range. Carries the setting's name, the value and the rule apart, so that a front end
 * can name the setting as its user knows it (the command line's {@code --lr} for {@code learningRate}).
 */
public final class InvalidSettingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String setting;
    private final String value;
    private final String rule;

    public InvalidSettingException(String setting, Object value, String rule) {
        super(setting + " " + rule + ", got " + value);
        this.setting = setting;
        this.value = String.valueOf(value);
        this.rule = rule;
    }

    /** The builder's name of the setting, e.g. {@code learningRate}. */
    public String setting() {
        return setting;
    }

    /** The same message with the setting called {@code name}, e.g. {@code --lr must be positive and finite, got 0}. */
    public String messageFor(String name) {
        return name + " " + rule + ", got " + value;
    }
}
