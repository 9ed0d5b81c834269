package org.tagllm.knime.engine.chem;

/**
 * Checks CDK does not make. Its parser, even in strict mode, reads text after whitespace as a title and silently
 * drops dangling bonds ({@code "CC="} gives ethane), empty branches ({@code "C()"}) and stray dots
 * ({@code ".C"}); each of these usually means a truncated or mangled SMILES, so we refuse them.
 */
final class SmilesSyntax {

    private static final String BOND_SYMBOLS = "-=#$:/\\";

    private SmilesSyntax() {}

    /** Why {@code smiles} (already stripped of surrounding whitespace) is malformed, or null if these checks pass. */
    static String problem(String smiles) {
        if (smiles.isEmpty()) {
            return "empty SMILES";
        }
        for (int i = 0; i < smiles.length(); i++) {
            if (Character.isWhitespace(smiles.charAt(i))) {
                return "whitespace at character " + (i + 1) + " (CDK would read the rest as a title)";
            }
        }
        int i = 0;
        while (i < smiles.length()) {
            char c = smiles.charAt(i);
            if (c == '[') {
                // Inside brackets '-' is a charge, ':' an atom class: skip to the closing bracket (CDK reports a
                // missing one itself).
                int close = smiles.indexOf(']', i);
                i = close < 0 ? smiles.length() : close + 1;
                continue;
            }
            char next = i + 1 < smiles.length() ? smiles.charAt(i + 1) : 0;
            if (BOND_SYMBOLS.indexOf(c) >= 0 && (next == 0 || next == ')' || next == '(' || next == '.')) {
                return "bond '" + c + "' at character " + (i + 1) + " is not followed by an atom";
            }
            if (c == '(' && next == ')') {
                return "empty branch at character " + (i + 1);
            }
            if (c == '.' && (i == 0 || next == 0 || next == '.' || next == ')' || smiles.charAt(i - 1) == '(')) {
                return "'.' at character " + (i + 1) + " does not separate two molecules";
            }
            i++;
        }
        return null;
    }
}
