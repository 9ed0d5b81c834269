package org.tagllm.spark.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.bench.PeakMemory;
import org.tagllm.knime.engine.method.DataSource;
import org.tagllm.knime.engine.method.PredictOptions;
import org.tagllm.knime.engine.method.PredictionProgress;
import org.tagllm.knime.engine.method.PredictionStream;
import org.tagllm.knime.engine.method.TagPredictor;
import org.tagllm.knime.engine.runtime.DjlRuntime;
import org.tagllm.spark.SparkPredictOptions;
import org.tagllm.spark.TagLlmSpark;

/**
 * One configuration of {@link PredictionBenchmark}, alone in its JVM so that the peak RSS is its own. Prints one
 * line, {@code RESULT rows predicted seconds peakRssBytes cpuSeconds}. Arguments: config, model, bank, input CSV,
 * batch.
 */
public final class BenchChild {

    static final String RESULT = "RESULT ";

    /** Rows between two progress lines on standard error (the child's log): a long run shows how it goes. */
    private static final long PROGRESS_EVERY = 100_000;

    private BenchChild() {}

    public static void main(String[] args) throws Exception {
        BenchConfig config = BenchConfig.parse(args[0]);
        Path model = Path.of(args[1]);
        Path bank = Path.of(args[2]);
        Path input = Path.of(args[3]);
        int batch = Integer.parseInt(args[4]);
        long[] counts = config.sparkCores() == 0 ? singleJvm(model, bank, input, batch, config)
                : spark(model, bank, input, batch, config);
        double seconds = counts[2] / 1e9;
        System.out.println(RESULT + counts[0] + " " + counts[1] + " " + seconds + " "
                + PeakMemory.residentHighWaterBytes() + " " + processCpuSeconds());
    }

    /** The engine's stream in this JVM, one libtorch thread (as {@code tagllm predict} runs a tiny model). */
    private static long[] singleJvm(Path model, Path bank, Path input, int batch, BenchConfig config)
            throws Exception {
        DjlRuntime.setThreads(1, 1);
        long start = System.nanoTime();
        long rows = 0;
        long predicted = 0;
        try (LocalModel lm = LocalModel.open(model);
                TagPredictor predictor = TagPredictor.open(lm, TagBank.read(bank), null);
                PredictionStream stream = predictor.stream(DataSource.of(input), PredictOptions.of(
                        TagPredictor.BANK_LIMIT, batch).withBatching(config.batching()), PredictionProgress.NONE,
                        () -> false)) {
            for (TagPredictor.Prediction p; (p = stream.next()) != null; ) {
                rows++;
                predicted += p.problem() == null ? 1 : 0;
                if (rows % PROGRESS_EVERY == 0) {
                    progress(rows, System.nanoTime() - start);
                }
            }
        }
        return new long[] {rows, predicted, System.nanoTime() - start};
    }

    /**
     * Spark in this JVM with {@code cores} local cores, one libtorch thread per task; the file is split into four
     * partitions per core so that both cores stay busy to the end; the outcomes are counted, not kept.
     */
    private static long[] spark(Path model, Path bank, Path input, int batch, BenchConfig config) {
        int cores = config.sparkCores();
        long split = Math.max(64 * 1024, fileSize(input) / (4L * cores) + 1);
        SparkSession spark = SparkSession.builder().master("local[" + cores + "]").appName("tagllm bench")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.files.maxPartitionBytes", Long.toString(split)).getOrCreate();
        try {
            long start = System.nanoTime();
            Dataset<Row> rows = spark.read().option("header", "true").csv(input.toString());
            Dataset<Row> scored = TagLlmSpark.predict(rows, SparkPredictOptions.of(model.toString(), bank.toString())
                    .withBatchSize(batch).withBatching(config.batching()).withThreadsPerTask(1));
            // One pass, nothing cached: every row is predicted and dropped after counting.
            Row counts = scored.selectExpr("count(*)", "count(problem)").first();
            long elapsed = System.nanoTime() - start;
            return new long[] {counts.getLong(0), counts.getLong(0) - counts.getLong(1), elapsed};
        } finally {
            spark.stop();
        }
    }

    /** Rows so far, their rate, and resident memory now and at its peak so far: growth would show here first. */
    private static void progress(long rows, long nanos) {
        System.err.printf(Locale.ROOT, "%,d rows in %.0f s (%.1f rows/s, %.1f CPU s); RSS %,.0f MiB, peak %,.0f MiB%n",
                rows, nanos / 1e9, rows / (nanos / 1e9), processCpuSeconds(),
                PeakMemory.residentNowBytes("VmRSS") / 1048576.0, PeakMemory.residentHighWaterBytes() / 1048576.0);
        System.err.flush();
    }

    /** CPU time of this whole JVM (every thread, JIT and GC too): on a shared machine steadier than wall time. */
    private static double processCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    private static long fileSize(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
