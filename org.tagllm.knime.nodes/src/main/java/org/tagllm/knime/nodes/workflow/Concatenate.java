package org.tagllm.knime.nodes.workflow;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tagllm.knime.nodes.exec.SettingsException;
import org.tagllm.knime.nodes.table.CellType;
import org.tagllm.knime.nodes.table.ColumnSpec;
import org.tagllm.knime.nodes.table.InMemoryTable;
import org.tagllm.knime.nodes.table.Row;
import org.tagllm.knime.nodes.table.TableShape;

/**
 * Concatenate: the rows of every input table, one after another. The columns are the union (the first table's,
 * then new ones in order), missing where a table lacks them; a column in several tables keeps its type, or
 * becomes double when integer and double meet. A row key seen before gets the suffix {@code _dup} (KNIME's
 * default: "append suffix").
 */
record Concatenate(String duplicateSuffix) implements WorkflowNode {

    static Concatenate defaults() {
        return new Concatenate("_dup");
    }

    @Override
    public int minInputs() {
        return 2;
    }

    @Override
    public int maxInputs() {
        return Integer.MAX_VALUE;
    }

    @Override
    public List<Object> configure(List<Object> inputs) throws SettingsException {
        List<TableShape> shapes = WorkflowNode.all(inputs, 0, WorkflowNode::shape);
        return List.of(union(shapes));
    }

    private TableShape union(List<TableShape> shapes) throws SettingsException {
        if (duplicateSuffix == null || duplicateSuffix.isEmpty()) {
            throw new SettingsException("duplicateSuffix", duplicateSuffix, "give a suffix for duplicate keys");
        }
        Map<String, CellType> types = new LinkedHashMap<>();
        for (int t = 0; t < shapes.size(); t++) {
            for (ColumnSpec c : shapes.get(t).columns()) {
                CellType before = types.get(c.name());
                if (before == null || before == c.type()) {
                    types.put(c.name(), c.type());
                } else if (before.isNumeric() && c.type().isNumeric()) {
                    types.put(c.name(), CellType.DOUBLE);
                } else {
                    throw SettingsException.ofInputs("column '" + c.name() + "' holds "
                            + SettingChecks.lower(before) + " cells in an earlier table and "
                            + SettingChecks.lower(c.type()) + " cells in table " + t
                            + "; concatenated columns need one type");
                }
            }
        }
        List<ColumnSpec> columns = new ArrayList<>();
        types.forEach((n, t) -> columns.add(ColumnSpec.of(n, t)));
        return new TableShape(columns);
    }

    @Override
    public Outcome execute(List<Object> inputs, Context context) throws SettingsException {
        List<InMemoryTable> tables = WorkflowNode.all(inputs, 0, WorkflowNode::table);
        TableShape shape = union(tables.stream().map(InMemoryTable::shape).toList());
        InMemoryTable.Builder b = InMemoryTable.builder(shape);
        Set<String> keys = new HashSet<>();
        for (InMemoryTable t : tables) {
            for (Row r : t.rowList()) {
                List<Object> cells = new ArrayList<>(shape.size());
                for (ColumnSpec c : shape.columns()) {
                    int i = t.shape().index(c.name());
                    Object v = i < 0 ? null : r.cell(i);
                    cells.add(v instanceof Number n && c.type() == CellType.DOUBLE ? (Object) n.doubleValue()
                            : v);
                }
                String key = r.key();
                while (!keys.add(key)) {
                    key = key + duplicateSuffix;
                }
                b.add(new Row(key, cells));
            }
        }
        return Outcome.of(b.build());
    }
}
