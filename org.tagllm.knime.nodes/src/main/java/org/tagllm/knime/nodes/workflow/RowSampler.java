package org.tagllm.knime.nodes.workflow;

import java.util.List;
import org.tagllm.knime.nodes.exec.SettingsException;
import org.tagllm.knime.nodes.table.InMemoryTable;
import org.tagllm.knime.nodes.table.Row;

/**
 * Row Sampling, absolute count: the first {@code count} rows ({@code TOP}), or {@code count} rows drawn at random
 * with {@code seed} ({@code RANDOM}) and kept in input order. A table with fewer rows is passed whole.
 */
record RowSampler(int count, RowDraw.Mode mode, long seed) implements TableToTableNode {

    static RowSampler defaults() {
        return new RowSampler(100, RowDraw.Mode.TOP, 0);
    }

    @Override
    public List<Object> configure(List<Object> inputs) throws SettingsException {
        RowDraw.check(count, mode);
        return List.of(WorkflowNode.shape(inputs, 0));
    }

    @Override
    public Outcome execute(List<Object> inputs, Context context) throws SettingsException {
        RowDraw.check(count, mode);
        InMemoryTable t = WorkflowNode.table(inputs, 0);
        boolean[] drawn = RowDraw.draw(t.rowList().size(), count, mode, seed);
        return Outcome.of(RowDraw.rows(t, drawn, true));
    }
}
