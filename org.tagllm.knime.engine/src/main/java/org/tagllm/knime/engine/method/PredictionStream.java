package org.tagllm.knime.engine.method;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.tagllm.knime.engine.data.DataReport;

/**
 * The outcomes of a {@link TagPredictor#stream streamed prediction}, one row at a time in input order: a window of
 * rows is read, predicted in batches and handed out, then the next. At most one window is held, however many rows.
 * Not thread-safe; close it to close the input.
 *
 * <pre>{@code
 * try (PredictionStream s = predictor.stream(DataSource.of(file), PredictOptions.of(TagPredictor.BANK_LIMIT, 32),
 *         PredictionProgress.NONE, () -> false)) {
 *     for (TagPredictor.Prediction p; (p = s.next()) != null; ) { ... }
 * }
 * }</pre>
 */
public final class PredictionStream implements AutoCloseable {

    /** The next window's outcomes in input order; empty after the last row. */
    interface Windows extends AutoCloseable {
        List<TagPredictor.Prediction> next() throws IOException, PredictionCancelledException;

        List<String> inputColumns();

        DataReport report();

        @Override
        void close() throws IOException;
    }

    private final Windows windows;
    private final ArrayDeque<TagPredictor.Prediction> ready = new ArrayDeque<>();
    private boolean ended;

    PredictionStream(Windows windows) {
        this.windows = windows;
    }

    /** Every column of the input, in its order (a CSV header, an SD file's fields): what can pass through. */
    public List<String> inputColumns() {
        return windows.inputColumns();
    }

    /**
     * The next row's outcome, or null after the last.
     *
     * @throws PredictionCancelledException when the cancel signal was seen before the next batch
     */
    public TagPredictor.Prediction next() throws IOException, PredictionCancelledException {
        while (ready.isEmpty() && !ended) {
            List<TagPredictor.Prediction> window = windows.next();
            ended = window.isEmpty();
            ready.addAll(window);
        }
        return ready.poll();
    }

    /** The report of the rows read so far; complete once {@link #next()} returned null. */
    public DataReport report() {
        return windows.report();
    }

    /**
     * The outcomes as an iterator (for a Spark partition): an {@link IOException} surfaces as an
     * {@link UncheckedIOException}, a cancel as an {@link IllegalStateException} carrying the
     * {@link PredictionCancelledException}.
     */
    public Iterator<TagPredictor.Prediction> asIterator() {
        return new Iterator<>() {
            private TagPredictor.Prediction peeked;

            @Override
            public boolean hasNext() {
                if (peeked == null) {
                    try {
                        peeked = PredictionStream.this.next();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    } catch (PredictionCancelledException e) {
                        throw new IllegalStateException(e.getMessage(), e);
                    }
                }
                return peeked != null;
            }

            @Override
            public TagPredictor.Prediction next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                TagPredictor.Prediction p = peeked;
                peeked = null;
                return p;
            }
        };
    }

    @Override
    public void close() throws IOException {
        windows.close();
    }
}
