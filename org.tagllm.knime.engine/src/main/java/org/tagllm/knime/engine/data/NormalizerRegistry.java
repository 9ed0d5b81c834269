package org.tagllm.knime.engine.data;

import java.util.EnumMap;
import java.util.Map;
import org.tagllm.knime.engine.chem.MoleculeOptions;
import org.tagllm.knime.engine.data.normalize.FieldNormalizer;
import org.tagllm.knime.engine.data.normalize.ProteinNormalizer;
import org.tagllm.knime.engine.data.normalize.SmilesNormalizer;
import org.tagllm.knime.engine.data.normalize.TextNormalizer;
import org.tagllm.knime.engine.protein.ProteinOptions;

/**
 * The normaliser for each {@link ColumnKind}. Immutable; {@link #with} makes a changed copy.
 *
 * <p>{@link #defaults()} checks molecules and proteins: {@link ColumnKind#SMILES} through CDK ({@link
 * SmilesNormalizer}, SMILES kept as written), {@link ColumnKind#PROTEIN} against the 20 standard residues ({@link
 * ProteinNormalizer}; {@link ColumnKind#PROTEIN_IUPAC} also with B, Z, J and X), {@link ColumnKind#TEXT} stripped
 * and not empty ({@link TextNormalizer}). {@link #standard} takes the chemistry and protein options, e.g. canonical SMILES without salts:
 *
 * <pre>{@code
 * NormalizerRegistry.standard(MoleculeOptions.canonical().withSaltStripping(true),
 *         ProteinOptions.standard().withAmbiguityCodes());
 * }</pre>
 */
public final class NormalizerRegistry {

    private final Map<ColumnKind, FieldNormalizer> byKind;

    private NormalizerRegistry(Map<ColumnKind, FieldNormalizer> byKind) {
        this.byKind = byKind;
    }

    /** SMILES validated by CDK and kept as written, proteins of the 20 standard residues, text stripped. */
    public static NormalizerRegistry defaults() {
        return standard(MoleculeOptions.asGiven(), ProteinOptions.standard());
    }

    /**
     * CDK's checks with {@code molecules} for SMILES, {@code proteins} for protein sequences, text stripped.
     *
     * @throws IllegalStateException when the molecule options cannot be honoured (see {@link SmilesNormalizer})
     */
    public static NormalizerRegistry standard(MoleculeOptions molecules, ProteinOptions proteins) {
        return textOnly().with(ColumnKind.SMILES, new SmilesNormalizer(molecules))
                .with(ColumnKind.PROTEIN, new ProteinNormalizer(proteins))
                .with(ColumnKind.PROTEIN_IUPAC, new ProteinNormalizer(proteins.withAmbiguityCodes()));
    }

    /** Every kind as free text: stripped, not empty, nothing else checked. */
    public static NormalizerRegistry textOnly() {
        Map<ColumnKind, FieldNormalizer> byKind = new EnumMap<>(ColumnKind.class);
        TextNormalizer text = new TextNormalizer();
        for (ColumnKind kind : ColumnKind.values()) {
            byKind.put(kind, text);
        }
        return new NormalizerRegistry(byKind);
    }

    /** This registry with {@code normalizer} for {@code kind}. */
    public NormalizerRegistry with(ColumnKind kind, FieldNormalizer normalizer) {
        Map<ColumnKind, FieldNormalizer> byKind = new EnumMap<>(this.byKind);
        byKind.put(kind, normalizer);
        return new NormalizerRegistry(byKind);
    }

    public FieldNormalizer forKind(ColumnKind kind) {
        return byKind.get(kind);
    }
}
