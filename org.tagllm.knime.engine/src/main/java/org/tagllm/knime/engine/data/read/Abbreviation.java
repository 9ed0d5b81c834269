package org.tagllm.knime.engine.data.read;

/**
 * A value shortened for a one-line message: at most {@value #MAX_CHARS} characters, with line breaks and tabs shown as
 * {@code \n}, {@code \r}, {@code \t}, and the full length said when it was cut.
 */
public final class Abbreviation {

    public static final int MAX_CHARS = 80;

    private Abbreviation() {}

    public static String of(String value) {
        if (value == null) {
            return null;
        }
        // Escape only the head: a 100,000-character value is never copied whole.
        String head = value.length() > 2 * MAX_CHARS ? value.substring(0, 2 * MAX_CHARS) : value;
        String visible = head.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
        if (head == value && visible.length() <= MAX_CHARS) {
            return visible;
        }
        String suffix = "… (" + value.length() + " characters)";
        int keep = MAX_CHARS - suffix.length();
        if (Character.isHighSurrogate(visible.charAt(keep - 1))) {
            keep--; // half a surrogate pair prints as '?'
        }
        return visible.substring(0, keep) + suffix;
    }
}
