package org.tagllm.knime.nodes.knime.table;

import java.util.ArrayList;
import java.util.List;

import org.knime.core.data.DataRow;
import org.knime.core.data.container.CloseableRowIterator;
import org.knime.core.node.BufferedDataTable;
import org.tagllm.knime.nodes.table.ColumnSpec;
import org.tagllm.knime.nodes.table.Row;
import org.tagllm.knime.nodes.table.RowInput;
import org.tagllm.knime.nodes.table.TableShape;

/** A {@link BufferedDataTable} as a {@link RowInput}: every pass is a fresh {@link CloseableRowIterator}. */
public final class KnimeRowInput implements RowInput {

    private final BufferedDataTable table;
    private final TableShape shape;

    public KnimeRowInput(BufferedDataTable table) {
        this.table = table;
        this.shape = KnimeTables.shape(table.getDataTableSpec());
    }

    @Override
    public TableShape shape() {
        return shape;
    }

    @Override
    public long size() {
        return table.size();
    }

    @Override
    public RowIterator rows() {
        CloseableRowIterator it = table.iterator();
        List<ColumnSpec> columns = shape.columns();
        return new RowIterator() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Row next() {
                DataRow row = it.next();
                List<Object> cells = new ArrayList<>(columns.size());
                for (int i = 0; i < columns.size(); i++) {
                    cells.add(KnimeTables.value(row.getCell(i), columns.get(i).type()));
                }
                return new Row(row.getKey().getString(), cells);
            }

            @Override
            public void close() {
                it.close();
            }
        };
    }
}
