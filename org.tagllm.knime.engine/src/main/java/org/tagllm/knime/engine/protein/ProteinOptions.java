package org.tagllm.knime.engine.protein;

import java.util.Objects;

/**
 * Which one-letter codes {@link ProteinSequences#normalize} accepts. Immutable: start from {@link #standard()} and
 * widen with the {@code with…} methods, each of which returns a new instance.
 *
 * <pre>
 * ProteinOptions options = ProteinOptions.standard().withAmbiguityCodes().withTerminalStop();
 * </pre>
 */
public final class ProteinOptions {

    /** The 20 canonical amino acids. */
    public static final String STANDARD_RESIDUES = "ACDEFGHIKLMNPQRSTVWY";
    /** IUPAC ambiguity codes: B (D or N), Z (E or Q), J (I or L), X (any). */
    public static final String AMBIGUITY_CODES = "BZJX";
    /** The 21st and 22nd genetically encoded amino acids: U (selenocysteine), O (pyrrolysine). */
    public static final String RARE_RESIDUES = "UO";

    private static final ProteinOptions STANDARD = new ProteinOptions(false, false, false);

    private final boolean ambiguityCodes;
    private final boolean rareResidues;
    private final boolean terminalStop;
    private final String alphabet;

    private ProteinOptions(boolean ambiguityCodes, boolean rareResidues, boolean terminalStop) {
        this.ambiguityCodes = ambiguityCodes;
        this.rareResidues = rareResidues;
        this.terminalStop = terminalStop;
        this.alphabet = STANDARD_RESIDUES + (ambiguityCodes ? AMBIGUITY_CODES : "")
                + (rareResidues ? RARE_RESIDUES : "");
    }

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

    public boolean ambiguityCodes() {
        return ambiguityCodes;
    }

    public boolean rareResidues() {
        return rareResidues;
    }

    public boolean terminalStop() {
        return terminalStop;
    }

    /** The upper-case letters accepted, in the order standard, ambiguity, rare. */
    public String alphabet() {
        return alphabet;
    }

    boolean accepts(int upperCaseLetter) {
        return alphabet.indexOf(upperCaseLetter) >= 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProteinOptions p && ambiguityCodes == p.ambiguityCodes && rareResidues == p.rareResidues
                && terminalStop == p.terminalStop;
    }

    @Override
    public int hashCode() {
        return Objects.hash(ambiguityCodes, rareResidues, terminalStop);
    }

    @Override
    public String toString() {
        return "residues " + alphabet() + (terminalStop ? ", terminal '*' allowed" : "");
    }
}
