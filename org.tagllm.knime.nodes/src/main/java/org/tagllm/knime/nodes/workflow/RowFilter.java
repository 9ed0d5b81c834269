package org.tagllm.knime.nodes.workflow;

import java.util.List;
import java.util.regex.Pattern;
import org.tagllm.knime.nodes.exec.SettingsException;
import org.tagllm.knime.nodes.table.InMemoryTable;
import org.tagllm.knime.nodes.table.Row;
import org.tagllm.knime.nodes.table.TableShape;

/**
 * Row Filter: keeps (or, with {@code include} false, drops) the rows whose cell in {@code column}, as text,
 * matches {@code pattern} entirely. Missing cells never match.
 */
record RowFilter(String column, String pattern, boolean include) implements TableToTableNode {

    static RowFilter defaults() {
        return new RowFilter(null, null, true);
    }

    @Override
    public List<Object> configure(List<Object> inputs) throws SettingsException {
        TableShape shape = WorkflowNode.shape(inputs, 0);
        check(shape);
        return List.of(shape);
    }

    private Pattern check(TableShape shape) throws SettingsException {
        if (column == null || !shape.has(column)) {
            throw new SettingsException("column", column, column == null ? "choose a column"
                    : shape.missing(column));
        }
        return SettingChecks.pattern("pattern", pattern);
    }

    @Override
    public Outcome execute(List<Object> inputs, Context context) throws SettingsException {
        InMemoryTable t = WorkflowNode.table(inputs, 0);
        Pattern p = check(t.shape());
        int index = t.shape().index(column);
        InMemoryTable.Builder b = InMemoryTable.builder(t.shape());
        for (Row r : t.rowList()) {
            boolean match = !r.isMissing(index) && p.matcher(String.valueOf(r.cell(index))).matches();
            if (match == include) {
                b.add(r);
            }
        }
        return Outcome.of(b.build());
    }
}
