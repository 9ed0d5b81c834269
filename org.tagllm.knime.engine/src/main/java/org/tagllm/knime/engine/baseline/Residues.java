package org.tagllm.knime.engine.baseline;

/** The 20 standard amino acids, numbered 0–19 in one-letter alphabetical order; anything else is {@link #OTHER}. */
final class Residues {

    static final String STANDARD = "ACDEFGHIKLMNPQRSTVWY";
    static final int COUNT = STANDARD.length();
    static final int OTHER = COUNT;

    private Residues() {}

    static int code(char residue) {
        int i = STANDARD.indexOf(Character.toUpperCase(residue));
        return i < 0 ? OTHER : i;
    }
}
