package org.tagllm.knime.engine.protein;

/**
 * Which one-letter codes {@link ProteinSequences#normalize} accepts. Immutable: start from {@link #standard()} and
 * widen with the {@code with…} methods, each of which returns a new instance.
 *
 * <pre>
 * ProteinOptions options = ProteinOptions.standard().withAmbiguityCodes().withTerminalStop();
 * </pre>
 */
public record ProteinOptions(boolean ambiguityCodes, boolean rareResidues, boolean terminalStop) {

    /** The 20 canonical amino acids. */
    public static final String STANDARD_RESIDUES = "ACDEFGHIKLMNPQRSTVWY";
    /** IUPAC ambiguity codes: B (D or N), Z (E or Q), J (I or L), X (any). */
    public static final String AMBIGUITY_CODES = "BZJX";
    /** The 21st and 22nd genetically encoded amino acids: U (selenocysteine), O (pyrrolysine). */
    public static final String RARE_RESIDUES = "UO";

    private static final ProteinOptions STANDARD = new ProteinOptions(false, false, false);

    /** The 20 canonical residues only; no stop symbol. */
    public static ProteinOptions standard() {
        return STANDARD;
    }

    /** Also accept B, Z, J and X. */
    public ProteinOptions withAmbiguityCodes() {
        return new ProteinOptions(true, rareResidues, terminalStop);
    }

    /** Also accept U (selenocysteine) and O (pyrrolysine). */
    public ProteinOptions withRareResidues() {
        return new ProteinOptions(ambiguityCodes, true, terminalStop);
    }

    /** Accept one {@code *} (translation stop) as the last residue; it is removed from the normalised sequence. */
    public ProteinOptions withTerminalStop() {
        return new ProteinOptions(ambiguityCodes, rareResidues, true);
    }

    /** The upper-case letters accepted, in the order standard, ambiguity, rare. */
    public String alphabet() {
        return STANDARD_RESIDUES + (ambiguityCodes ? AMBIGUITY_CODES : "") + (rareResidues ? RARE_RESIDUES : "");
    }

    boolean accepts(int upperCaseLetter) {
        return STANDARD_RESIDUES.indexOf(upperCaseLetter) >= 0
                || ambiguityCodes && AMBIGUITY_CODES.indexOf(upperCaseLetter) >= 0
                || rareResidues && RARE_RESIDUES.indexOf(upperCaseLetter) >= 0;
    }

    @Override
    public String toString() {
        return "residues " + alphabet() + (terminalStop ? ", terminal '*' allowed" : "");
    }
}
