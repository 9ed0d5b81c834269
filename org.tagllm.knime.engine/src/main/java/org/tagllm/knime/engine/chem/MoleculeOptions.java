package org.tagllm.knime.engine.chem;

import java.util.Objects;

/**
 * What {@link MoleculeStandardizer} does with a valid SMILES. Immutable: start from {@link #asGiven()} or
 * {@link #canonical()} and adjust with the {@code with…} methods, each of which returns a new instance.
 *
 * <pre>
 * MoleculeOptions options = MoleculeOptions.canonical().withSaltStripping(true);
 * </pre>
 *
 * Defaults of both factories: no salt stripping, pseudo atoms rejected, at most {@value #DEFAULT_MAX_LENGTH}
 * characters. {@link #asGiven()} is isomeric; {@link #canonical()} is not, because CDK canonicalises stereo and
 * isotopes only through its InChI module ({@code cdk-inchi}), which is not a dependency: with it on the classpath,
 * {@code canonical().withIsomeric(true)} works; without it, {@link MoleculeStandardizer} refuses that combination.
 */
public final class MoleculeOptions {

    /** Default input limit. CDK recurses once per atom, so chains of ~10,000 atoms overflow the stack. */
    public static final int DEFAULT_MAX_LENGTH = 2_000;

    private static final MoleculeOptions AS_GIVEN = new MoleculeOptions(false, true, false, false, DEFAULT_MAX_LENGTH);
    private static final MoleculeOptions CANONICAL = AS_GIVEN.withCanonical(true).withIsomeric(false);

    private final boolean canonical;
    private final boolean isomeric;
    private final boolean saltStripping;
    private final boolean pseudoAtoms;
    private final int maxLength;

    private MoleculeOptions(boolean canonical, boolean isomeric, boolean saltStripping, boolean pseudoAtoms,
            int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be at least 1, got " + maxLength);
        }
        this.canonical = canonical;
        this.isomeric = isomeric;
        this.saltStripping = saltStripping;
        this.pseudoAtoms = pseudoAtoms;
        this.maxLength = maxLength;
    }

    /** Validate only: a valid input comes back as written (see {@link MoleculeStandardizer} for exceptions). */
    public static MoleculeOptions asGiven() {
        return AS_GIVEN;
    }

    /**
     * Validate and rewrite as CDK's canonical SMILES with aromatic symbols, so equal molecules give equal text.
     * Non-isomeric (stereo and isotopes dropped); see the class comment.
     */
    public static MoleculeOptions canonical() {
        return CANONICAL;
    }

    /** Keep only the largest fragment by heavy-atom count (counter-ions, solvents and salts are dropped). */
    public MoleculeOptions withSaltStripping(boolean strip) {
        return new MoleculeOptions(canonical, isomeric, strip, pseudoAtoms, maxLength);
    }

    /** Keep stereochemistry and isotopes (true) or drop both from the output (false). */
    public MoleculeOptions withIsomeric(boolean keep) {
        return new MoleculeOptions(canonical, keep, saltStripping, pseudoAtoms, maxLength);
    }

    /** Accept pseudo atoms ({@code *}, {@code [*:1]}) instead of rejecting them. */
    public MoleculeOptions withPseudoAtoms(boolean allow) {
        return new MoleculeOptions(canonical, isomeric, saltStripping, allow, maxLength);
    }

    /**
     * Longest SMILES accepted, in characters; checked before CDK sees the input. Far above the default CDK gets slow
     * and then overflows its stack (a 100,000-atom chain: about 45 s to the overflow on a default 1 MB stack).
     */
    public MoleculeOptions withMaxLength(int characters) {
        return new MoleculeOptions(canonical, isomeric, saltStripping, pseudoAtoms, characters);
    }

    private MoleculeOptions withCanonical(boolean rewrite) {
        return new MoleculeOptions(rewrite, isomeric, saltStripping, pseudoAtoms, maxLength);
    }

    public boolean canonicalOutput() {
        return canonical;
    }

    public boolean isomeric() {
        return isomeric;
    }

    public boolean saltStripping() {
        return saltStripping;
    }

    public boolean pseudoAtomsAllowed() {
        return pseudoAtoms;
    }

    public int maxLength() {
        return maxLength;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MoleculeOptions m && canonical == m.canonical && isomeric == m.isomeric
                && saltStripping == m.saltStripping && pseudoAtoms == m.pseudoAtoms && maxLength == m.maxLength;
    }

    @Override
    public int hashCode() {
        return Objects.hash(canonical, isomeric, saltStripping, pseudoAtoms, maxLength);
    }

    @Override
    public String toString() {
        return (canonical ? "canonical" : "as given") + (isomeric ? ", isomeric" : ", non-isomeric")
                + (saltStripping ? ", largest fragment" : "") + (pseudoAtoms ? ", pseudo atoms allowed" : "")
                + ", at most " + maxLength + " characters";
    }
}
