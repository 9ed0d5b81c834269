package org.tagllm.knime.nodes.table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One row: its key (KNIME's RowKey) and one cell value per column, in column order; {@code null} is a missing cell.
 * Values have the Java class of their column's {@link CellType}.
 */
public record Row(String key, List<Object> cells) {

    public Row {
        Objects.requireNonNull(key, "key");
        // List.copyOf refuses nulls, and null is a missing cell here.
        cells = Collections.unmodifiableList(new ArrayList<>(cells));
    }

    public static Row of(String key, Object... cells) {
        return new Row(key, Arrays.asList(cells));
    }

    public Object cell(int index) {
        return cells.get(index);
    }

    public boolean isMissing(int index) {
        return cells.get(index) == null;
    }

    /** This row with {@code more} cells after its own. */
    public Row append(List<Object> more) {
        List<Object> all = new ArrayList<>(cells);
        all.addAll(more);
        return new Row(key, all);
    }
}
