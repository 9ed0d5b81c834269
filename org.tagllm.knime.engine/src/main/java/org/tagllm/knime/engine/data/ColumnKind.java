package org.tagllm.knime.engine.data;

import java.util.Arrays;
import java.util.Locale;

/** What an input column holds, which decides how its values are normalised (see {@link NormalizerRegistry}). */
public enum ColumnKind {
    /** A molecule as SMILES, checked by CDK. */
    SMILES,
    /** A protein sequence of the 20 standard residues. */
    PROTEIN,
    /**
     * A protein sequence that may also hold the IUPAC ambiguity codes B, Z, J and X (e.g. an unresolved residue, as
     * in Davis's TESK1); a bank remembers the kind, so prediction accepts what training accepted.
     */
    PROTEIN_IUPAC,
    /** Free text, stripped. */
    TEXT;

    /** Whether values are protein sequences (of either alphabet). */
    public boolean isProtein() {
        return this == PROTEIN || this == PROTEIN_IUPAC;
    }

    /** Case-insensitive, {@code -} read as {@code _} ({@code protein-iupac}); the error lists the kinds there are. */
    public static ColumnKind parse(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown column kind '" + name + "'; kinds are "
                    + Arrays.toString(values()).toLowerCase(Locale.ROOT), e);
        }
    }
}
