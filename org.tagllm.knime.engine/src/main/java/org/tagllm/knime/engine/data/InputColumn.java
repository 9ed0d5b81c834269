package org.tagllm.knime.engine.data;

/** An input column and what it holds. */
public record InputColumn(String name, ColumnKind kind) {

    public InputColumn {
        if (name == null || name.isBlank() || kind == null) {
            throw new IllegalArgumentException("an input column needs a name and a kind");
        }
    }

    /** {@code NAME} or {@code NAME:KIND}, e.g. {@code smiles:SMILES}; the kind defaults to {@code TEXT}. */
    public static InputColumn parse(String spec) {
        int colon = spec.lastIndexOf(':');
        if (colon < 0) {
            return new InputColumn(spec.strip(), ColumnKind.TEXT);
        }
        try {
            return new InputColumn(spec.substring(0, colon).strip(), ColumnKind.parse(spec.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("input column '" + spec + "': " + e.getMessage()
                    + " (for a column name that contains ':', add the kind: NAME:text)", e);
        }
    }
}
