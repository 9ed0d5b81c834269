package org.tagllm.knime.nodes.table;

import java.util.Locale;
import java.util.Objects;

/** One column: its name and what its cells hold. */
public record ColumnSpec(String name, CellType type) {

    public ColumnSpec {
        Objects.requireNonNull(type, "type");
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a column needs a non-empty name");
        }
    }

    public static ColumnSpec of(String name, CellType type) {
        return new ColumnSpec(name, type);
    }

    @Override
    public String toString() {
        return name + " (" + type.name().toLowerCase(Locale.ROOT) + ")";
    }
}
