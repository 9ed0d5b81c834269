package org.tagllm.knime.engine.predict;

import java.util.List;
import java.util.Optional;
import org.tagllm.knime.engine.method.TagPredictor;
import org.tagllm.knime.engine.uncertainty.UncertaintyCells;
import org.tagllm.knime.engine.uncertainty.UncertaintyColumns;

/**
 * The uncertainty columns ({@link UncertaintyCells}) as a {@link PredictionColumns.Group}: interval ends or the
 * prediction set, the ensemble's sd, the applicability domain's similarity, percentile and flag.
 */
public final class UncertaintyGroup implements PredictionColumns.Group {

    private final UncertaintyCells cells;

    /** @param functionTag names the columns, e.g. {@code <QED>} → {@code QED_low}, {@code QED_sd} */
    public UncertaintyGroup(UncertaintyColumns columns, String functionTag) {
        this.cells = new UncertaintyCells(columns, PredictionColumns.predictionName(functionTag));
    }

    /** The predictor's columns; empty (no group to add) when it gives none. */
    static Optional<UncertaintyGroup> of(TagPredictor predictor) {
        UncertaintyColumns columns = predictor.uncertaintyColumns();
        return columns.any() ? Optional.of(new UncertaintyGroup(columns, predictor.functionTag()))
                : Optional.empty();
    }

    @Override
    public List<String> names() {
        return cells.names();
    }

    @Override
    public List<PredictionColumns.Type> types() {
        return cells.columns().stream()
                .map(c -> c.numeric() ? PredictionColumns.Type.DOUBLE : PredictionColumns.Type.STRING).toList();
    }

    @Override
    public List<Object> cells(TagPredictor.Prediction prediction, long index) {
        return cells.cells(prediction.values() == null ? null : prediction.uncertainty());
    }

    @Override
    public String toString() {
        return "uncertainty columns " + names();
    }
}
