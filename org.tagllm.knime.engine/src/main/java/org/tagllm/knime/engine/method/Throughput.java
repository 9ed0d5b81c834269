package org.tagllm.knime.engine.method;

/**
 * Where a prediction stands: rows with an outcome, their rate, the time left, and the tokens the model read.
 *
 * @param done          rows with their outcome (a prediction or a reason)
 * @param rows          the input's rows, or -1 when unknown
 * @param rowsPerSecond rows with an outcome per second of wall time since the start
 * @param etaSeconds    seconds left at that rate, or -1 when the number of rows is unknown
 * @param tokens        the rows' own positions the model read (tags and inputs, no padding)
 * @param paddedTokens  the positions the model computed, padding included
 */
public record Throughput(long done, long rows, double rowsPerSecond, double etaSeconds, long tokens,
        long paddedTokens) {

    /** Tokens per second of the rows' own positions: what length-aware batching raises. */
    public double tokensPerSecond() {
        return rowsPerSecond == 0 || done == 0 ? 0 : tokens * rowsPerSecond / done;
    }

    /** e.g. {@code 1200 of 10000 rows, 85.3 rows/s, ETA 1 min 43 s}. */
    public String describe() {
        String s = done + (rows < 0 ? "" : " of " + rows) + " rows, " + String.format(java.util.Locale.ROOT,
                "%.1f rows/s", rowsPerSecond);
        if (etaSeconds >= 0) {
            long eta = Math.round(etaSeconds);
            s += ", ETA " + (eta >= 60 ? eta / 60 + " min " : "") + eta % 60 + " s";
        }
        return s;
    }
}
