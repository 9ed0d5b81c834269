package org.tagllm.knime.engine.bench;

import java.io.IOException;
import java.util.Locale;
import org.tagllm.knime.engine.method.Batching;
import org.tagllm.knime.engine.method.DataSource;
import org.tagllm.knime.engine.method.PredictOptions;
import org.tagllm.knime.engine.method.PredictionCancelledException;
import org.tagllm.knime.engine.method.PredictionProgress;
import org.tagllm.knime.engine.method.PredictionStream;
import org.tagllm.knime.engine.method.TagPredictor;
import org.tagllm.knime.engine.method.Throughput;

/**
 * Length-aware batching against pad-to-longest batching of the same rows, in one process one after the other: the
 * effective throughput (the rows' own tokens per second, padding not counted), the share of computed positions that
 * were padding, and the largest difference between the two runs' predictions.
 */
public final class BatchingBenchmark {

    /**
     * One pass over the rows.
     *
     * @param tokens       the rows' own positions
     * @param paddedTokens the positions computed, padding included
     */
    public record Run(Batching batching, long rows, double seconds, long tokens, long paddedTokens) {

        public double rowsPerSecond() {
            return rows / seconds;
        }

        public double tokensPerSecond() {
            return tokens / seconds;
        }

        public double paddingShare() {
            return paddedTokens == 0 ? 0 : 1 - (double) tokens / paddedTokens;
        }
    }

    /** @param maxRelativeDifference the largest |a - b| / max(1, |a|) over every prediction value */
    public record Comparison(String data, Run byLength, Run padded, double maxRelativeDifference) {

        /** Effective tokens/s by length over pad-to-longest. */
        public double speedup() {
            return byLength.tokensPerSecond() / padded.tokensPerSecond();
        }

        public String describe() {
            return String.format(Locale.ROOT, "%s: by length %.0f tokens/s (%.1f rows/s, %.0f%% padding), "
                    + "pad-to-longest %.0f tokens/s (%.1f rows/s, %.0f%% padding): %.2fx; max relative difference "
                    + "%.2e", data, byLength.tokensPerSecond(), byLength.rowsPerSecond(), 100 * byLength
                    .paddingShare(), padded.tokensPerSecond(), padded.rowsPerSecond(), 100 * padded.paddingShare(),
                    speedup(), maxRelativeDifference);
        }

        public String toJson() {
            return String.format(Locale.ROOT, "{\"data\": \"%s\", \"rows\": %d, \"by_length\": %s, "
                    + "\"pad_to_longest\": %s, \"speedup\": %.4f, \"max_relative_difference\": %.3e}",
                    data.replace("\\", "\\\\").replace("\"", "\\\""), byLength.rows(), json(byLength), json(padded),
                    speedup(), maxRelativeDifference);
        }

        private static String json(Run r) {
            return String.format(Locale.ROOT, "{\"seconds\": %.3f, \"rows_per_second\": %.2f, \"tokens\": %d, "
                    + "\"padded_tokens\": %d, \"tokens_per_second\": %.1f, \"padding_share\": %.4f}", r.seconds(),
                    r.rowsPerSecond(), r.tokens(), r.paddedTokens(), r.tokensPerSecond(), r.paddingShare());
        }
    }

    private BatchingBenchmark() {}

    /**
     * Predicts {@code data} pad-to-longest, then by length (after one window by length to warm up), with the
     * batch and window of {@code options}.
     */
    public static Comparison compare(TagPredictor predictor, DataSource data, PredictOptions options)
            throws IOException, PredictionCancelledException {
        run(predictor, data, options.withBatching(Batching.BY_LENGTH), options.window(), null);
        double[][] padValues = new double[1][];
        Run padded = run(predictor, data, options.withBatching(Batching.PAD_TO_LONGEST), Long.MAX_VALUE, padValues);
        double[][] sortedValues = new double[1][];
        Run byLength = run(predictor, data, options.withBatching(Batching.BY_LENGTH), Long.MAX_VALUE, sortedValues);
        double max = 0;
        for (int i = 0; i < Math.min(padValues[0].length, sortedValues[0].length); i++) {
            double a = padValues[0][i];
            double b = sortedValues[0][i];
            if (!Double.isNaN(a) || !Double.isNaN(b)) {
                max = Math.max(max, Math.abs(a - b) / Math.max(1, Math.abs(a)));
            }
        }
        return new Comparison(data.shortName(), byLength, padded, max);
    }

    /** One pass of at most {@code limit} rows; {@code values[0]} gets every row's values in order (NaN: none). */
    private static Run run(TagPredictor predictor, DataSource data, PredictOptions options, long limit,
            double[][] values) throws IOException, PredictionCancelledException {
        Throughput[] last = new Throughput[1];
        PredictionProgress progress = new PredictionProgress() {
            @Override
            public void onRows(long done, long rows) {}

            @Override
            public void onThroughput(Throughput t) {
                last[0] = t;
            }
        };
        int outputs = predictor.outputNames().size();
        double[] out = new double[1024];
        int n = 0;
        long start = System.nanoTime();
        try (PredictionStream stream = predictor.stream(data, options, progress, () -> false)) {
            for (TagPredictor.Prediction p; n < limit && (p = stream.next()) != null; ) {
                if (values != null) {
                    if (out.length < (n + 1) * outputs) {
                        out = java.util.Arrays.copyOf(out, out.length * 2);
                    }
                    for (int k = 0; k < outputs; k++) {
                        out[n * outputs + k] = p.values() == null ? Double.NaN : p.values()[k];
                    }
                }
                n++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (values != null) {
            values[0] = java.util.Arrays.copyOf(out, n * outputs);
        }
        return new Run(options.batching(), n, seconds, last[0] == null ? 0 : last[0].tokens(),
                last[0] == null ? 0 : last[0].paddedTokens());
    }
}
