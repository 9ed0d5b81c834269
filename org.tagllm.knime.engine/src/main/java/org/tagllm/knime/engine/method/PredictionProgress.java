package org.tagllm.knime.engine.method;

/** Receives a prediction's progress while the rows are read and after every batch, on the predicting thread. */
@FunctionalInterface
public interface PredictionProgress {

    PredictionProgress NONE = (done, rows) -> {};

    /**
     * {@code done} of {@code rows} rows have their outcome (a prediction or a reason); {@code rows} is -1 when unknown
     * (a streamed input).
     */
    void onRows(long done, long rows);

    /** {@code rows} rows of the input have been read (before any is predicted); ignored unless overridden. */
    default void onReading(long rows) {}
}
