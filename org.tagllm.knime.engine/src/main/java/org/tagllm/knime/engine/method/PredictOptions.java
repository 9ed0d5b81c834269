package org.tagllm.knime.engine.method;

/**
 * How {@link TagPredictor#stream} reads and batches rows.
 *
 * @param maxTokens    positions per row at most, or {@link TagPredictor#BANK_LIMIT} for the bank's own settings
 * @param batchSize    rows per forward pass at most
 * @param window       rows read ahead and held at once (their batches are formed among them); memory is bounded by
 *                     it whatever the number of rows
 * @param batching     how the window's rows are grouped into batches
 * @param expectedRows the number of input rows when known beforehand (for the ETA), else -1
 */
public record PredictOptions(int maxTokens, int batchSize, int window, Batching batching, long expectedRows) {

    /** Rows in flight per batch row by default: enough for length sorting to find rows of like length. */
    public static final int WINDOW_BATCHES = 16;

    public PredictOptions {
        if ((maxTokens != TagPredictor.BANK_LIMIT && maxTokens < 2) || batchSize < 1 || window < batchSize) {
            throw new IllegalArgumentException("max tokens must be 0 (the bank's) or at least 2, batch size positive "
                    + "and the window at least one batch, got " + maxTokens + ", " + batchSize + " and " + window);
        }
    }

    /** Length-sorted batches in a window of {@value #WINDOW_BATCHES} batches, the number of rows unknown. */
    public static PredictOptions of(int maxTokens, int batchSize) {
        return new PredictOptions(maxTokens, batchSize, batchSize * WINDOW_BATCHES, Batching.BY_LENGTH, -1);
    }

    public PredictOptions withBatching(Batching b) {
        return new PredictOptions(maxTokens, batchSize, window, b, expectedRows);
    }

    public PredictOptions withWindow(int rows) {
        return new PredictOptions(maxTokens, batchSize, rows, batching, expectedRows);
    }

    public PredictOptions withExpectedRows(long rows) {
        return new PredictOptions(maxTokens, batchSize, window, batching, rows);
    }
}
