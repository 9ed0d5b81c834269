package org.tagllm.knime.nodes.knime.table;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.knime.core.data.DataCell;
import org.knime.core.data.DataRow;
import org.knime.core.data.DataTableSpec;
import org.knime.core.data.def.DefaultRow;
import org.tagllm.knime.nodes.table.ColumnSpec;
import org.tagllm.knime.nodes.table.Row;
import org.tagllm.knime.nodes.table.RowOutput;
import org.tagllm.knime.nodes.table.RowStream;
import org.tagllm.knime.nodes.table.TableShape;

/**
 * KNIME's streamable ports as the node layer's {@link RowStream} and {@link RowOutput}: rows are polled from the
 * input as the node layer asks, and each pushed row goes out with the original input cells (types kept) and the
 * appended cells. The input rows between poll and push, at most the node layer's window, are held here.
 */
public final class StreamedRows {

    private final org.knime.core.node.streamable.RowInput input;
    private final org.knime.core.node.streamable.RowOutput output;
    private final TableShape shape;
    private final List<ColumnSpec> appended;
    private final ConcurrentLinkedQueue<DataRow> waiting = new ConcurrentLinkedQueue<>();

    /** @param outShape the node's output shape: the input columns, then the appended ones */
    public StreamedRows(org.knime.core.node.streamable.RowInput input, org.knime.core.node.streamable.RowOutput output,
        TableShape outShape) {
        this.input = input;
        this.output = output;
        this.shape = KnimeTables.shape(input.getDataTableSpec());
        this.appended = outShape.columns().subList(shape.size(), outShape.size());
    }

    /** The input's shape. */
    public TableShape shape() {
        return shape;
    }

    /** The input rows, read once. */
    public RowStream rows() {
        return () -> {
            DataRow row = input.poll();
            if (row == null) {
                return null;
            }
            waiting.add(row);
            List<Object> cells = new ArrayList<>(shape.size());
            for (int i = 0; i < shape.size(); i++) {
                cells.add(KnimeTables.value(row.getCell(i), shape.columns().get(i).type()));
            }
            return new Row(row.getKey().getString(), cells);
        };
    }

    /** The output: each pushed row's appended cells after its original input cells. */
    public RowOutput output() {
        return row -> {
            DataRow original = waiting.poll();
            if (original == null || !original.getKey().getString().equals(row.key())) {
                throw new IllegalStateException("row " + row.key() + " pushed where input row "
                    + (original == null ? "none" : original.getKey()) + " comes");
            }
            int n = original.getNumCells();
            DataCell[] cells = new DataCell[n + appended.size()];
            for (int i = 0; i < n; i++) {
                cells[i] = original.getCell(i);
            }
            for (int j = 0; j < appended.size(); j++) {
                cells[n + j] = KnimeTables.cell(row.cell(n + j), appended.get(j).type());
            }
            try {
                output.push(new DefaultRow(original.getKey(), cells));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("the streaming output was interrupted", e);
            }
        };
    }

    /** The output spec: the input's spec followed by the appended columns. */
    public static DataTableSpec spec(DataTableSpec in, TableShape outShape) {
        return AppendingTableOutput.spec(in, outShape);
    }
}
