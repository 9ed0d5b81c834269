package org.tagllm.knime.nodes.workflow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tagllm.knime.nodes.exec.SettingsException;
import org.tagllm.knime.nodes.table.ColumnSpec;
import org.tagllm.knime.nodes.table.InMemoryTable;
import org.tagllm.knime.nodes.table.Row;
import org.tagllm.knime.nodes.table.TableShape;

/**
 * Joiner, inner join: rows of the left table (in 0) matched with the rows of the right table (in 1) whose key
 * columns hold equal values; missing keys never match. The output has the left table's columns, then the right
 * table's columns other than its keys (KNIME: "merge join columns"); a right column whose name the left table
 * has gets the suffix {@code " (#1)"}. Rows come in left table order, each left row's matches in right table
 * order; their keys are {@code left_right}.
 */
record Joiner(List<String> leftColumns, List<String> rightColumns) implements WorkflowNode {

    static Joiner defaults() {
        return new Joiner(List.of(), List.of());
    }

    Joiner {
        leftColumns = leftColumns == null ? List.of() : List.copyOf(leftColumns);
        rightColumns = rightColumns == null ? List.of() : List.copyOf(rightColumns);
    }

    @Override
    public int minInputs() {
        return 2;
    }

    @Override
    public int maxInputs() {
        return 2;
    }

    @Override
    public List<Object> configure(List<Object> inputs) throws SettingsException {
        return List.of(shape(WorkflowNode.shape(inputs, 0), WorkflowNode.shape(inputs, 1)));
    }

    private TableShape shape(TableShape left, TableShape right) throws SettingsException {
        if (leftColumns.isEmpty() || leftColumns.size() != rightColumns.size()) {
            throw new SettingsException("rightColumns", rightColumns, "give as many right as left key columns "
                    + leftColumns + ", at least one");
        }
        for (int i = 0; i < leftColumns.size(); i++) {
            ColumnSpec l = key("leftColumns", leftColumns.get(i), left);
            ColumnSpec r = key("rightColumns", rightColumns.get(i), right);
            if (l.type() != r.type()) {
                throw new SettingsException("rightColumns", r.name(), "holds " + SettingChecks.lower(r.type())
                        + " cells, the left key '" + l.name() + "' " + SettingChecks.lower(l.type())
                        + " cells; join keys of one type");
            }
        }
        List<ColumnSpec> columns = new ArrayList<>(left.columns());
        for (ColumnSpec c : right.columns()) {
            if (!rightColumns.contains(c.name())) {
                columns.add(left.has(c.name()) ? ColumnSpec.of(c.name() + " (#1)", c.type()) : c);
            }
        }
        return new TableShape(columns);
    }

    private static ColumnSpec key(String setting, String column, TableShape table) throws SettingsException {
        return table.find(column).orElseThrow(() -> new SettingsException(setting, column,
                table.missing(column)));
    }

    @Override
    public Outcome execute(List<Object> inputs, Context context) throws SettingsException {
        InMemoryTable left = WorkflowNode.table(inputs, 0);
        InMemoryTable right = WorkflowNode.table(inputs, 1);
        TableShape shape = shape(left.shape(), right.shape());
        int[] leftKeys = leftColumns.stream().mapToInt(left.shape()::index).toArray();
        int[] rightKeys = rightColumns.stream().mapToInt(right.shape()::index).toArray();
        List<Integer> rightKept = new ArrayList<>();
        for (int i = 0; i < right.shape().size(); i++) {
            if (!rightColumns.contains(right.shape().columns().get(i).name())) {
                rightKept.add(i);
            }
        }
        Map<List<Object>, List<Row>> index = new HashMap<>();
        for (Row r : right.rowList()) {
            List<Object> k = keyOf(r, rightKeys);
            if (k != null) {
                index.computeIfAbsent(k, x -> new ArrayList<>()).add(r);
            }
        }
        InMemoryTable.Builder b = InMemoryTable.builder(shape);
        for (Row l : left.rowList()) {
            List<Object> k = keyOf(l, leftKeys);
            for (Row r : k == null ? List.<Row>of() : index.getOrDefault(k, List.of())) {
                List<Object> cells = new ArrayList<>(l.cells());
                rightKept.forEach(i -> cells.add(r.cell(i)));
                b.add(new Row(l.key() + "_" + r.key(), cells));
            }
        }
        return Outcome.of(b.build());
    }

    private static List<Object> keyOf(Row r, int[] columns) {
        List<Object> k = new ArrayList<>(columns.length);
        for (int c : columns) {
            if (r.isMissing(c)) {
                return null;
            }
            k.add(r.cell(c));
        }
        return k;
    }
}
