package org.tagllm.knime.engine.protein;

/**
 * A protein sequence we refuse. The message names the input (abbreviated to at most 80 characters), the 1-based
 * position of the offending character in the input as given, and the character itself.
 */
public class InvalidSequenceException extends Exception {

    private static final long serialVersionUID = 1L;

    private static final int QUOTED_INPUT_LIMIT = 80;

    private final String input;
    private final int position;
    private final String reason;

    /**
     * @param input    the sequence as given
     * @param position 1-based position (in code points) of the offending character, or 0 when the problem is not
     *                 one character (an empty sequence)
     * @param reason   what is wrong, without the input
     */
    public InvalidSequenceException(String input, int position, String reason) {
        super("invalid protein sequence '" + abbreviate(input) + "': " + reason);
        this.input = input;
        this.position = position;
        this.reason = reason;
    }

    public String input() {
        return input;
    }

    /** 1-based position in code points of the input as given; 0 when no single character is at fault. */
    public int position() {
        return position;
    }

    public String reason() {
        return reason;
    }

    private static String abbreviate(String text) {
        return text.length() <= QUOTED_INPUT_LIMIT ? text : text.substring(0, QUOTED_INPUT_LIMIT - 3) + "...";
    }
}
