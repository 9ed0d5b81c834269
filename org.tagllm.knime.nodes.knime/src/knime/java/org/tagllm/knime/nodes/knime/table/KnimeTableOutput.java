package org.tagllm.knime.nodes.knime.table;

import java.util.List;

import org.knime.core.data.DataCell;
import org.knime.core.data.RowKey;
import org.knime.core.data.def.DefaultRow;
import org.knime.core.node.BufferedDataContainer;
import org.knime.core.node.BufferedDataTable;
import org.knime.core.node.CanceledExecutionException;
import org.knime.core.node.ExecutionContext;
import org.tagllm.knime.nodes.table.ColumnSpec;
import org.tagllm.knime.nodes.table.InMemoryTable;
import org.tagllm.knime.nodes.table.Row;
import org.tagllm.knime.nodes.table.RowOutput;
import org.tagllm.knime.nodes.table.TableShape;

/**
 * Our rows into a {@link BufferedDataContainer}: a {@link RowOutput} a node writes to, closed into a
 * {@link BufferedDataTable}.
 */
public final class KnimeTableOutput implements RowOutput {

    private final BufferedDataContainer container;
    private final List<ColumnSpec> columns;

    public KnimeTableOutput(TableShape shape, ExecutionContext exec) {
        this.container = exec.createDataContainer(KnimeTables.spec(shape));
        this.columns = shape.columns();
    }

    @Override
    public void push(Row row) {
        DataCell[] cells = new DataCell[columns.size()];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = KnimeTables.cell(row.cell(i), columns.get(i).type());
        }
        container.addRowToTable(new DefaultRow(new RowKey(row.key()), cells));
    }

    /** Closes the container; its table. */
    public BufferedDataTable close() {
        container.close();
        return container.getTable();
    }

    /** A whole in-memory table (e.g. the metrics) as a KNIME table. */
    public static BufferedDataTable of(InMemoryTable table, ExecutionContext exec) throws CanceledExecutionException {
        KnimeTableOutput out = new KnimeTableOutput(table.shape(), exec);
        for (Row row : table.rowList()) {
            exec.checkCanceled();
            out.push(row);
        }
        return out.close();
    }
}
