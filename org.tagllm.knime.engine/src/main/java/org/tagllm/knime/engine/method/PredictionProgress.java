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

    /**
     * The prediction's standing after every batch: rows done, rows/s, ETA and tokens read. By default it tells
     * {@link #onRows}; listeners that show a rate override it.
     */
    default void onThroughput(Throughput t) {
        onRows(t.done(), t.rows());
    }

    /** {@code rows} rows of the input have been read (before any is predicted); ignored unless overridden. */
    default void onReading(long rows) {}
}
