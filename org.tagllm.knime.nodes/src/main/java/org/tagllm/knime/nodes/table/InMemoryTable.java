package org.tagllm.knime.nodes.table;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * A table held in memory: what tests, the workflow runner and the command line hand to nodes, and what nodes return
 * for small outputs (metrics). Every cell is checked against its column's type when added.
 */
public final class InMemoryTable implements RowInput {

    private final TableShape shape;
    private final List<Row> rows;

    private InMemoryTable(TableShape shape, List<Row> rows) {
        this.shape = shape;
        this.rows = Collections.unmodifiableList(rows);
    }

    public static Builder builder(TableShape shape) {
        return new Builder(shape);
    }

    @Override
    public TableShape shape() {
        return shape;
    }

    @Override
    public long size() {
        return rows.size();
    }

    /** The rows, in order. */
    public List<Row> rowList() {
        return rows;
    }

    public Row row(int index) {
        return rows.get(index);
    }

    /** The cells of one column, top to bottom. */
    public List<Object> column(String name) {
        int i = shape.index(name);
        if (i < 0) {
            throw new IllegalArgumentException(shape.missing(name));
        }
        return rows.stream().map(r -> r.cell(i)).toList();
    }

    @Override
    public RowIterator rows() {
        Iterator<Row> it = rows.iterator();
        return new RowIterator() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Row next() {
                return it.next();
            }

            @Override
            public void close() {}
        };
    }

    /** Every row of any {@link RowInput}, in memory. */
    public static InMemoryTable copyOf(RowInput input) {
        Builder b = builder(input.shape());
        try (RowIterator it = input.rows()) {
            it.forEachRemaining(b::add);
        }
        return b.build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InMemoryTable t && shape.equals(t.shape) && rows.equals(t.rows);
    }

    @Override
    public int hashCode() {
        return Objects.hash(shape, rows);
    }

    @Override
    public String toString() {
        return "InMemoryTable" + shape.names() + " (" + rows.size() + " rows)";
    }

    /** Collects rows; also a {@link RowOutput}, so a node can write into it. */
    public static final class Builder implements RowOutput {

        private final TableShape shape;
        private final List<Row> rows = new ArrayList<>();

        private Builder(TableShape shape) {
            this.shape = Objects.requireNonNull(shape, "shape");
        }

        /** Adds a row with key {@code Row<n>}, n counting from 0. */
        public Builder addCells(Object... cells) {
            return add(Row.of("Row" + rows.size(), cells));
        }

        public Builder add(Row row) {
            if (row.cells().size() != shape.size()) {
                throw new IllegalArgumentException("row " + row.key() + " has " + row.cells().size()
                        + " cells; the table has " + shape.size() + " columns " + shape.names());
            }
            for (int i = 0; i < shape.size(); i++) {
                Object v = row.cell(i);
                ColumnSpec c = shape.columns().get(i);
                if (v != null && !c.type().valueClass().isInstance(v)) {
                    throw new IllegalArgumentException("row " + row.key() + ", column '" + c.name() + "': a "
                            + c.type() + " cell holds a " + c.type().valueClass().getSimpleName() + ", not a "
                            + v.getClass().getSimpleName() + " (" + v + ")");
                }
            }
            rows.add(row);
            return this;
        }

        @Override
        public void push(Row row) {
            add(row);
        }

        public InMemoryTable build() {
            return new InMemoryTable(shape, new ArrayList<>(rows));
        }
    }
}
