package org.tagllm.knime.engine.split;

import java.util.function.Function;
import org.tagllm.knime.engine.data.ColumnMapping;
import org.tagllm.knime.engine.data.Example;

/** Reads one column of the mapping back from an example: an input (normalised), a group or the split column. */
final class MappedColumn {

    private MappedColumn() {}

    /**
     * @throws IllegalArgumentException when the mapping does not read {@code column} as any of these, naming the ones
     *     it reads
     */
    static Function<Example, String> of(ColumnMapping mapping, String column) {
        if (column.equals(mapping.split())) {
            return Example::split;
        }
        if (mapping.groups().contains(column)) {
            return e -> e.groups().get(column);
        }
        if (isInput(mapping, column)) {
            return e -> e.inputs().get(column);
        }
        throw new IllegalArgumentException("column '" + column + "' is not read by the column mapping; map it as an "
                + "input, a group or the split column (mapped: " + String.join(", ", mapping.referencedColumns())
                + ")");
    }

    static boolean isInput(ColumnMapping mapping, String column) {
        return mapping.inputs().stream().anyMatch(c -> c.name().equals(column));
    }
}
