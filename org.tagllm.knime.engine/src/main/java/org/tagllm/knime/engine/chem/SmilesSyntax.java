package org.tagllm.knime.engine.chem;

/**
 * Checks CDK does not make. Its parser, even in strict mode, reads text after whitespace as a title and silently
 * drops dangling bonds ({@code "CC="} and {@code "=CC"} give ethane), empty or nested branches ({@code "C()"},
 * {@code "C((C))"}), branches and ring bonds that follow no atom ({@code "C.(C)"}, {@code "C(1)CC1"}) and stray dots
 * ({@code ".C"}); it sums charges of mixed signs ({@code "[C+-]"}) and keeps any isotope it can read
 * ({@code "[999999C]"}). Each of these usually means a truncated or mangled SMILES, so we refuse them.
 */
final class SmilesSyntax {

    private static final String BOND_SYMBOLS = "-=#$:/\\";

    /**
     * Mass numbers end near here: the heaviest nucleus known, oganesson-294, has 294, and the heaviest element
     * predicted to be stable enough to observe are not far above it. A larger isotope is a typo or garbage.
     */
    static final int MAX_MASS_NUMBER = 300;

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
                // Inside brackets '-' is a charge, ':' an atom class: check the atom on its own, then skip to the
                // closing bracket (CDK reports a missing one itself).
                int close = smiles.indexOf(']', i);
                int end = close < 0 ? smiles.length() : close;
                String problem = bracketAtomProblem(smiles, i + 1, end);
                if (problem != null) {
                    return problem;
                }
                i = end + 1;
                continue;
            }
            char next = i + 1 < smiles.length() ? smiles.charAt(i + 1) : 0;
            if (BOND_SYMBOLS.indexOf(c) >= 0 && i == 0) {
                return "bond '" + c + "' at character 1 has no atom before it";
            }
            if (BOND_SYMBOLS.indexOf(c) >= 0 && (next == 0 || next == ')' || next == '(' || next == '.')) {
                return "bond '" + c + "' at character " + (i + 1) + " is not followed by an atom";
            }
            if ((c == '(' || c == '.') && next == '(') {
                return "branch at character " + (i + 2) + " does not follow an atom";
            }
            if (c == '(' && (Character.isDigit(next) || next == '%')) {
                String ringBond = next == '%' ? smiles.substring(i + 1, Math.min(i + 4, smiles.length()))
                        : String.valueOf(next);
                return "ring bond '" + ringBond + "' at character " + (i + 2) + " does not follow an atom";
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

    /** Why the bracket atom in {@code smiles[from, to)} is malformed in ways CDK lets pass, or null. */
    private static String bracketAtomProblem(String smiles, int from, int to) {
        int digits = from;
        while (digits < to && Character.isDigit(smiles.charAt(digits))) {
            digits++;
        }
        if (digits > from) {
            String isotope = smiles.substring(from, digits).replaceFirst("^0+(?=\\d)", "");
            if (isotope.length() > 3 || Integer.parseInt(isotope) > MAX_MASS_NUMBER) {
                return "isotope " + isotope + " at character " + (from + 1) + ": no nucleus is that heavy (mass "
                        + "numbers end near " + MAX_MASS_NUMBER + "; the heaviest known, oganesson-294, has 294)";
            }
        }
        int plus = smiles.indexOf('+', from);
        int minus = smiles.indexOf('-', from);
        if (plus >= 0 && plus < to && minus >= 0 && minus < to) {
            int start = Math.min(plus, minus);
            int end = start;
            while (end < to && "+-0123456789".indexOf(smiles.charAt(end)) >= 0) {
                end++;
            }
            return "charge '" + smiles.substring(start, end) + "' at character " + (start + 1) + " mixes signs";
        }
        return null;
    }
}
