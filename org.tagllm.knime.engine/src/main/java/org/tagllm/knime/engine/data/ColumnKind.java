package org.tagllm.knime.engine.data;

import java.util.Arrays;
import java.util.Locale;

/** What an input column holds, which decides how its values are normalised (see {@link NormalizerRegistry}). */
public enum ColumnKind {
    SMILES,
    PROTEIN,
    TEXT;

    /** Case-insensitive; the error lists the kinds there are. */
    public static ColumnKind parse(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown column kind '" + name + "'; kinds are "
                    + Arrays.toString(values()).toLowerCase(Locale.ROOT), e);
        }
    }
}
