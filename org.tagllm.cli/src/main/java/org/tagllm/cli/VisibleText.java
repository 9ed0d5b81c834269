package org.tagllm.cli;

/**
 * Text for a file people and spreadsheets read: control characters (C0 other than tab and line breaks, DEL, C1) become
 * {@code \}{@code uXXXX} escapes instead of raw bytes, which editors hide, terminals obey and many CSV readers choke on
 * (a NUL ends a C string). Tabs and line breaks stay: CSV quotes them.
 */
final class VisibleText {

    private VisibleText() {}

    static String of(String text) {
        if (text == null || text.chars().noneMatch(VisibleText::isHidden)) {
            return text;
        }
        StringBuilder s = new StringBuilder(text.length() + 16);
        text.chars().forEach(c -> {
            if (isHidden(c)) {
                s.append(String.format("\\u%04X", c));
            } else {
                s.append((char) c);
            }
        });
        return s.toString();
    }

    private static boolean isHidden(int c) {
        return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c <= 0x9F);
    }
}
