package org.tagllm.knime.nodes.knime.table;

import java.util.List;

import org.knime.core.data.DataCell;
import org.knime.core.data.DataRow;
import org.knime.core.data.DataTableSpec;
import org.knime.core.data.container.CloseableRowIterator;
import org.knime.core.data.def.DefaultRow;
import org.knime.core.node.BufferedDataContainer;
import org.knime.core.node.BufferedDataTable;
import org.knime.core.node.ExecutionContext;
import org.tagllm.knime.nodes.table.ColumnSpec;
import org.tagllm.knime.nodes.table.Row;
import org.tagllm.knime.nodes.table.RowOutput;
import org.tagllm.knime.nodes.table.TableShape;

/**
 * For a node that writes every input row, in input order, with cells appended (the Tag-LLM Predictor): the output row
 * is the input table's own {@link DataRow} (its cells untouched, whatever their KNIME type, e.g. molecule cells)
 * followed by the appended cells of the pushed row. The pushed row's key must be the input row's.
 */
public final class AppendingTableOutput implements RowOutput, AutoCloseable {

    private final CloseableRowIterator input;
    private final BufferedDataContainer container;
    private final List<ColumnSpec> appended;
    private final int inputColumns;
    private boolean closed;

    /**
     * @param outShape the node's output shape: the input columns, then the appended ones
     */
    public AppendingTableOutput(BufferedDataTable table, TableShape outShape, ExecutionContext exec) {
        DataTableSpec in = table.getDataTableSpec();
        this.inputColumns = in.getNumColumns();
        this.appended = outShape.columns().subList(inputColumns, outShape.size());
        this.container = exec.createDataContainer(spec(in, outShape));
        this.input = table.iterator();
    }

    /** The output spec: the input table's spec (its types kept) followed by the appended columns. */
    public static DataTableSpec spec(DataTableSpec in, TableShape outShape) {
        TableShape added = new TableShape(outShape.columns().subList(in.getNumColumns(), outShape.size()));
        return new DataTableSpec(in, KnimeTables.spec(added));
    }

    @Override
    public void push(Row row) {
        if (!input.hasNext()) {
            throw new IllegalStateException("row " + row.key() + " pushed after the last input row");
        }
        DataRow original = input.next();
        if (!original.getKey().getString().equals(row.key())) {
            throw new IllegalStateException("row " + row.key() + " pushed where input row " + original.getKey()
                + " comes");
        }
        DataCell[] cells = new DataCell[inputColumns + appended.size()];
        for (int i = 0; i < inputColumns; i++) {
            cells[i] = original.getCell(i);
        }
        for (int j = 0; j < appended.size(); j++) {
            cells[inputColumns + j] = KnimeTables.cell(row.cell(inputColumns + j), appended.get(j).type());
        }
        container.addRowToTable(new DefaultRow(original.getKey(), cells));
    }

    /** Closes the input pass and the container; the output table. */
    public BufferedDataTable table() {
        close();
        return container.getTable();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            input.close();
            container.close();
        }
    }
}
