package org.tagllm.knime.engine.data;

/**
 * Order statistics of lengths, exact; quantiles by the nearest-rank method (the median of an even count is the lower
 * middle value).
 */
public record Distribution(long count, int min, int median, int p95, int max) {

    @Override
    public String toString() {
        return count == 0 ? "no values" : min + " / " + median + " / " + p95 + " / " + max;
    }
}
