package org.tagllm.knime.engine.data;

import java.util.EnumMap;
import java.util.Map;

/**
 * The normaliser for each {@link ColumnKind}. Immutable; {@link #with} makes a changed copy.
 *
 * <p>{@link #defaults()} gives every kind the {@link TextNormalizer} (stripped, not empty). The chemistry and protein
 * packages register theirs for {@link ColumnKind#SMILES} and {@link ColumnKind#PROTEIN} here, so that every caller of
 * {@code defaults()} gets them.
 */
public final class NormalizerRegistry {

    private final Map<ColumnKind, FieldNormalizer> byKind;

    private NormalizerRegistry(Map<ColumnKind, FieldNormalizer> byKind) {
        this.byKind = byKind;
    }

    public static NormalizerRegistry defaults() {
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
