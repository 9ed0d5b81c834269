package org.tagllm.knime.engine.protein;

import java.util.Objects;

/**
 * Normalises one-letter protein sequences.
 *
 * <pre>
 * ProteinSequences.normalize("mkt ayi\nAKQ", ProteinOptions.standard()); // "MKTAYIAKQ"
 * ProteinSequences.normalize("MK1T", ProteinOptions.standard());         // throws: '1' at position 3
 * </pre>
 *
 * <p>Whitespace (anything {@link Character#isWhitespace} accepts) is removed and ASCII letters are upper-cased;
 * everything else must be a residue the options accept. Not supported: FASTA headers, three-letter codes, gap
 * symbols ({@code -}, {@code .}), modification annotations. Stateless and thread-safe.
 */
public final class ProteinSequences {

    private ProteinSequences() {}

    /**
     * @return the sequence upper-cased without whitespace (and without a terminal {@code *} when the options allow
     *         one)
     * @throws InvalidSequenceException for an empty sequence or a character the options do not accept, naming its
     *                                  1-based position in {@code raw}
     */
    public static String normalize(String raw, ProteinOptions options) throws InvalidSequenceException {
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(options, "options");
        StringBuilder residues = new StringBuilder(raw.length());
        int position = 0;
        int stopAt = 0;
        for (int i = 0; i < raw.length(); ) {
            int c = raw.codePointAt(i);
            i += Character.charCount(c);
            position++;
            if (Character.isWhitespace(c)) {
                continue;
            }
            if (stopAt > 0) {
                throw new InvalidSequenceException(raw, stopAt,
                        "stop '*' at position " + stopAt + " is followed by more residues");
            }
            int upper = c >= 'a' && c <= 'z' ? c - ('a' - 'A') : c;
            if (c == '*' && options.terminalStop()) {
                stopAt = position;
            } else if (options.accepts(upper)) {
                residues.append((char) upper);
            } else {
                throw new InvalidSequenceException(raw, position,
                        describe(c) + " at position " + position + " is not " + expected(options, c));
            }
        }
        if (residues.length() == 0) {
            throw new InvalidSequenceException(raw, 0, raw.isEmpty() ? "empty sequence" : "no residues");
        }
        return residues.toString();
    }

    private static String expected(ProteinOptions options, int c) {
        String what = "one of " + options.alphabet();
        if (c == '*') {
            return what + " (remove the stop '*': stop codons are not accepted in this column)";
        }
        int upper = Character.toUpperCase(c);
        if (!options.ambiguityCodes() && upper < 128 && ProteinOptions.AMBIGUITY_CODES.indexOf(upper) >= 0) {
            return what + " (an IUPAC ambiguity code: read the column as kind protein_iupac to accept B, Z, J and X)";
        }
        return what;
    }

    /** Quoted; with its code point and Unicode name when it is not printable ASCII. */
    static String describe(int codePoint) {
        boolean printableAscii = codePoint > ' ' && codePoint < 127;
        if (printableAscii) {
            return "'" + Character.toString(codePoint) + "'";
        }
        String name = Character.getName(codePoint);
        String visible = Character.isISOControl(codePoint) ? "" : "'" + Character.toString(codePoint) + "' ";
        return visible + String.format("U+%04X", codePoint) + (name == null ? "" : " " + name);
    }
}
