package org.tagllm.knime.engine.method;

/** Prediction stopped because it was cancelled; the rows predicted so far are dropped with it. */
public final class PredictionCancelledException extends Exception {

    private static final long serialVersionUID = 1L;

    private final long rowsDone;

    /** @param rows the rows of the input, or -1 when unknown (a streamed input) */
    public PredictionCancelledException(long rowsDone, long rows) {
        super("prediction cancelled after " + rowsDone + (rows < 0 ? "" : " of " + rows) + " rows");
        this.rowsDone = rowsDone;
    }

    /** Rows that had been predicted (or refused) when the cancel was seen. */
    public long rowsDone() {
        return rowsDone;
    }
}
