package org.tagllm.knime.engine.method;

/** Receives a prediction's progress after every batch, on the predicting thread. */
@FunctionalInterface
public interface PredictionProgress {

    PredictionProgress NONE = (done, rows) -> {};

    /** {@code done} of {@code rows} rows have their outcome (a prediction or a reason). */
    void onRows(long done, long rows);
}
