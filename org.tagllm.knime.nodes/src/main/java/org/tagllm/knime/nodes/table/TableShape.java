package org.tagllm.knime.nodes.table;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The ordered columns of a table; names are unique. Immutable. */
public record TableShape(List<ColumnSpec> columns) {

    public TableShape {
        columns = List.copyOf(columns);
        Set<String> names = new HashSet<>();
        for (ColumnSpec c : columns) {
            if (!names.add(c.name())) {
                throw new IllegalArgumentException("column '" + c.name() + "' appears twice in " + columns);
            }
        }
    }

    public static TableShape of(ColumnSpec... columns) {
        return new TableShape(List.of(columns));
    }

    public int size() {
        return columns.size();
    }

    public List<String> names() {
        return columns.stream().map(ColumnSpec::name).toList();
    }

    public boolean has(String name) {
        return index(name) >= 0;
    }

    /** The column's position, or -1. */
    public int index(String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The named column.
     *
     * @throws IllegalArgumentException {@code no column 'x'; the table has a, b, c}
     */
    public ColumnSpec column(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException(missing(name)));
    }

    public Optional<ColumnSpec> find(String name) {
        int i = index(name);
        return i < 0 ? Optional.empty() : Optional.of(columns.get(i));
    }

    /** The message of a missing column, for callers that throw their own exception type. */
    public String missing(String name) {
        return "no column '" + name + "'; the table has " + (columns.isEmpty() ? "no columns"
                : columns.stream().map(ColumnSpec::name).collect(Collectors.joining(", ")));
    }

    /** These columns followed by {@code more}; a name already present is refused. */
    public TableShape append(List<ColumnSpec> more) {
        List<ColumnSpec> all = new ArrayList<>(columns);
        all.addAll(more);
        return new TableShape(all);
    }

    public TableShape append(ColumnSpec... more) {
        return append(List.of(more));
    }
}
