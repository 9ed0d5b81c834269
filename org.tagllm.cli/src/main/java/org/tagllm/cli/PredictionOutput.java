package org.tagllm.cli;

import java.io.IOException;
import java.util.List;

/**
 * Where {@code predict} writes its rows, one at a time, in the columns of a
 * {@link org.tagllm.knime.engine.predict.PredictionColumns} layout; nothing is held beyond the current window.
 */
interface PredictionOutput extends AutoCloseable {

    /** One row's cells, as {@link org.tagllm.knime.engine.predict.PredictionColumns#cells} gives them. */
    void write(List<Object> cells) throws IOException;

    /**
     * Everything written so far is in the file; the length of the file's rows so far, where a resumed run cuts the
     * file before it appends (for formats that can be resumed).
     */
    long flush() throws IOException;

    /**
     * Called after every window of {@code rows} rows in all: where a resumed run may restart, written to the resume
     * state. By default every row so far, at the file's length ({@link #flush}).
     */
    default ResumeState.Point checkpoint(long rows) throws IOException {
        return new ResumeState.Point(rows, flush());
    }

    @Override
    void close() throws IOException;
}
