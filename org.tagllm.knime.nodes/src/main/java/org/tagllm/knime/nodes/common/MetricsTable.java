package org.tagllm.knime.nodes.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tagllm.knime.nodes.port.TrainingCurve;
import org.tagllm.knime.nodes.table.CellType;
import org.tagllm.knime.nodes.table.ColumnSpec;
import org.tagllm.knime.nodes.table.InMemoryTable;
import org.tagllm.knime.nodes.table.Row;
import org.tagllm.knime.nodes.table.TableShape;

/**
 * The metrics table of the training nodes, in long form so that its shape is known before execution: one row per
 * epoch and curve ({@code train loss}, {@code validation loss}), then one row per final metric with a missing epoch.
 */
public final class MetricsTable {

    public static final String METRIC = "metric";
    public static final String EPOCH = "epoch";
    public static final String VALUE = "value";
    public static final String TRAIN_LOSS = "train loss";
    public static final String VALIDATION_LOSS = "validation loss";

    /** The table's shape: metric (string), epoch (integer, missing for final metrics), value (double). */
    public static final TableShape SHAPE = TableShape.of(ColumnSpec.of(METRIC, CellType.STRING),
            ColumnSpec.of(EPOCH, CellType.INTEGER), ColumnSpec.of(VALUE, CellType.DOUBLE));

    private MetricsTable() {}

    public static InMemoryTable of(TrainingCurve curve, Map<String, Double> finals) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < curve.epochLosses().size(); i++) {
            rows.add(row(rows.size(), TRAIN_LOSS, i + 1, curve.epochLosses().get(i)));
        }
        for (int i = 0; i < curve.validations().size(); i++) {
            rows.add(row(rows.size(), VALIDATION_LOSS, i + 1, curve.validations().get(i)));
        }
        finals.forEach((name, value) -> rows.add(row(rows.size(), name, null, value)));
        InMemoryTable.Builder b = InMemoryTable.builder(SHAPE);
        rows.forEach(b::add);
        return b.build();
    }

    private static Row row(int index, String metric, Integer epoch, Double value) {
        return Row.of("Row" + index, metric, epoch, value);
    }
}
