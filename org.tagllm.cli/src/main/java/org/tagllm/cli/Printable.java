package org.tagllm.cli;

/**
 * Text that is safe to print on one terminal line: messages echo values read from the user's files, and a binary file
 * would otherwise send raw control bytes (escape sequences, NUL, carriage returns) to the terminal.
 */
final class Printable {

    private Printable() {}

    /** {@code text} with every control character (line breaks included) written as {@code \xNN} or {@code \\uNNNN}. */
    static String of(String text) {
        StringBuilder b = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isISOControl(c)) {
                if (b != null) {
                    b.append(c);
                }
                continue;
            }
            if (b == null) {
                b = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            b.append(c < 0x100 ? String.format("\\x%02X", (int) c) : String.format("\\u%04X", (int) c));
        }
        return b == null ? text : b.toString();
    }
}
