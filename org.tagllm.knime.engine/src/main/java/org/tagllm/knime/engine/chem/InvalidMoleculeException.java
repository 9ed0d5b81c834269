package org.tagllm.knime.engine.chem;

/**
 * A SMILES string we refuse: it does not parse, breaks a sanity rule, or is too long. The message names the input
 * (abbreviated to at most 80 characters) and the reason; {@link #input()} keeps the whole input for reports.
 */
public class InvalidMoleculeException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Longest input quoted in the message; longer inputs are cut and end with "...". */
    static final int QUOTED_INPUT_LIMIT = 80;

    private final String input;
    private final String reason;

    public InvalidMoleculeException(String input, String reason) {
        this(input, reason, null);
    }

    public InvalidMoleculeException(String input, String reason, Throwable cause) {
        super("invalid molecule '" + abbreviate(input) + "': " + reason, cause);
        this.input = input;
        this.reason = reason;
    }

    /** The input exactly as given. */
    public String input() {
        return input;
    }

    /** Why it was refused, without the input. */
    public String reason() {
        return reason;
    }

    static String abbreviate(String text) {
        if (text.length() <= QUOTED_INPUT_LIMIT) {
            return text;
        }
        return text.substring(0, QUOTED_INPUT_LIMIT - 3) + "...";
    }
}
