package org.tagllm.knime.nodes.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import org.tagllm.knime.nodes.exec.SettingsException;
import org.tagllm.knime.nodes.table.CellType;
import org.tagllm.knime.nodes.table.ColumnSpec;
import org.tagllm.knime.nodes.table.Row;
import org.tagllm.knime.nodes.table.RowInput;
import org.tagllm.knime.nodes.table.TableShape;

/**
 * The Tag Trainer's optional second table, as KNIME's learners take it: the node trains on every row of the training
 * table and validates (early stopping, the kept epoch, the validation metrics) on every row of the validation table,
 * which the user made with Partitioning. No rows are re-split and there is no test part.
 *
 * <p>The engine reads one table with a split column, so the two tables are served as one (never copied): the training
 * rows, then the validation rows with their cells moved into the training table's column order, each row followed by
 * a part column holding {@code train} or {@code valid}. Validation row keys get the suffix
 * {@value #VALID_KEY_SUFFIX}, so that a skipped-row warning says which table the row came from.
 */
public final class ValidationTable implements RowInput {

    /** The added part column; a name no KNIME table is likely to have, and refused if the table has it. */
    public static final String PART_COLUMN = "Tag Trainer part (train/valid)";
    static final String VALID_KEY_SUFFIX = " (validation table)";

    private final RowInput train;
    private final RowInput valid;
    private final TableShape shape;
    private final int[] validIndex;

    private ValidationTable(RowInput train, RowInput valid, int[] validIndex) {
        this.train = train;
        this.valid = valid;
        this.shape = train.shape().append(ColumnSpec.of(PART_COLUMN, CellType.STRING));
        this.validIndex = validIndex;
    }

    /**
     * The two tables as one, after {@link #check}.
     *
     * @param columns the columns the trainer reads (every one must be in both tables)
     */
    public static ValidationTable of(RowInput train, RowInput valid, List<String> columns) throws SettingsException {
        check(train.shape(), valid.shape(), columns);
        TableShape t = train.shape();
        int[] index = new int[t.size()];
        for (int i = 0; i < index.length; i++) {
            index[i] = valid.shape().index(t.columns().get(i).name());
        }
        return new ValidationTable(train, valid, index);
    }

    /** The shape the trainer's settings are checked against: the training table's and the part column. */
    public static TableShape shape(TableShape train) throws SettingsException {
        if (train.has(PART_COLUMN)) {
            throw new SettingsException("validation table", null, "the training table has a column named '"
                    + PART_COLUMN + "', which the node adds itself; rename it");
        }
        return train.append(ColumnSpec.of(PART_COLUMN, CellType.STRING));
    }

    /**
     * Every column the trainer reads must be in the validation table with the same cell type.
     *
     * @throws SettingsException naming the first column missing from the validation table or typed differently
     */
    public static void check(TableShape train, TableShape valid, List<String> columns) throws SettingsException {
        shape(train);
        for (String name : columns) {
            if (name.equals(PART_COLUMN)) {
                continue;
            }
            ColumnSpec t = train.column(name);
            ColumnSpec v = valid.find(name).orElseThrow(() -> new SettingsException("validation table", null,
                    "it has no column '" + name + "', which the node reads from the training table; it has "
                            + String.join(", ", valid.names())));
            if (v.type() != t.type()) {
                throw new SettingsException("validation table", null, "column '" + name + "' holds "
                        + v.type().name().toLowerCase(Locale.ROOT) + " cells, the training table's "
                        + t.type().name().toLowerCase(Locale.ROOT) + " cells; give both tables the same types");
            }
        }
    }

    /** The trainer's settings for the joined table: split by the part column, nothing carved, no test part. */
    public static TagTrainerSettings settings(TagTrainerSettings s) {
        return s.withSplit(PART_COLUMN, 0, 0);
    }

    @Override
    public TableShape shape() {
        return shape;
    }

    @Override
    public long size() {
        return train.size() + valid.size();
    }

    @Override
    public RowIterator rows() {
        return new RowIterator() {
            private final RowIterator first = train.rows();
            private RowIterator second;

            @Override
            public boolean hasNext() {
                if (second == null) {
                    if (first.hasNext()) {
                        return true;
                    }
                    second = valid.rows();
                }
                return second.hasNext();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                if (second == null) {
                    return first.next().append(List.of("train"));
                }
                Row r = second.next();
                List<Object> cells = new ArrayList<>(validIndex.length + 1);
                for (int i : validIndex) {
                    cells.add(i < 0 ? null : r.cell(i));
                }
                cells.add("valid");
                return new Row(r.key() + VALID_KEY_SUFFIX, cells);
            }

            @Override
            public void close() {
                first.close();
                if (second != null) {
                    second.close();
                }
            }
        };
    }
}
