package org.tagllm.knime.nodes.workflow;

import java.util.List;
import org.tagllm.knime.nodes.exec.SettingsException;
import org.tagllm.knime.nodes.table.InMemoryTable;
import org.tagllm.knime.nodes.table.TableShape;

/**
 * Partitioning, absolute count: like {@link RowSampler}, the drawn rows at output 0 and all the others at output
 * 1, both in input order; a training set and the rows held out from it.
 */
record Partitioning(int count, RowDraw.Mode mode, long seed) implements TableToTableNode {

    static Partitioning defaults() {
        return new Partitioning(100, RowDraw.Mode.TOP, 0);
    }

    @Override
    public List<Object> configure(List<Object> inputs) throws SettingsException {
        RowDraw.check(count, mode);
        TableShape shape = WorkflowNode.shape(inputs, 0);
        return List.of(shape, shape);
    }

    @Override
    public Outcome execute(List<Object> inputs, Context context) throws SettingsException {
        RowDraw.check(count, mode);
        InMemoryTable t = WorkflowNode.table(inputs, 0);
        boolean[] drawn = RowDraw.draw(t.rowList().size(), count, mode, seed);
        return Outcome.of(RowDraw.rows(t, drawn, true), RowDraw.rows(t, drawn, false));
    }
}
