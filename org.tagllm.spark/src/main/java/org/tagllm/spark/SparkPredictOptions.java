package org.tagllm.spark;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import org.tagllm.knime.engine.method.Batching;
import org.tagllm.knime.engine.method.TagPredictor;

/**
 * How {@link TagLlmSpark#predict} scores a table, the options of {@code tagllm predict} plus where executors find the
 * model. Travels to the executors with every task, so it holds paths, never loaded files.
 *
 * @param model          the model folder, at a path every executor sees (a shared file system)
 * @param bank           the bank folder, at a path every executor sees; or, with {@code shipBank}, a driver path the
 *                       job sends to the executors with {@code SparkContext.addFile} (small banks)
 * @param shipBank       true to send the bank through SparkFiles instead of reading it from a shared path
 * @param functionTag    the function tag to apply; null when the bank holds exactly one
 * @param maxTokens      positions per row at most; {@link TagPredictor#BANK_LIMIT} for the bank's own
 * @param batchSize      rows per forward pass
 * @param batching       how a partition's rows in flight are grouped into batches (by length, or in input order)
 * @param keep           the input columns to pass through, or null for every column
 * @param threadsPerTask libtorch intra-op threads per task; 0 = Spark's {@code spark.task.cpus}, so an executor's
 *                       concurrent tasks use its cores and no more
 */
public record SparkPredictOptions(String model, String bank, boolean shipBank, String functionTag, int maxTokens,
        int batchSize, Batching batching, List<String> keep, int threadsPerTask) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Rows per forward pass unless told: as {@code tagllm predict}. */
    public static final int DEFAULT_BATCH = 32;

    public SparkPredictOptions {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(bank, "bank");
        Objects.requireNonNull(batching, "batching");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size " + batchSize + ": give at least 1 row per forward pass");
        }
        if (maxTokens != TagPredictor.BANK_LIMIT && maxTokens < 2) {
            throw new IllegalArgumentException("max tokens " + maxTokens + ": a row needs at least 2 positions");
        }
        if (threadsPerTask < 0) {
            throw new IllegalArgumentException("threads per task " + threadsPerTask + ": give 0 (spark.task.cpus) "
                    + "or more");
        }
        keep = keep == null ? null : List.copyOf(keep);
    }

    /**
     * The bank's own length limit, {@value #DEFAULT_BATCH} rows per batch sorted by length, every column kept, a
     * thread per task CPU.
     */
    public static SparkPredictOptions of(String model, String bank) {
        return new SparkPredictOptions(model, bank, false, null, TagPredictor.BANK_LIMIT, DEFAULT_BATCH,
                Batching.BY_LENGTH, null, 0);
    }

    public SparkPredictOptions withShipBank(boolean ship) {
        return new SparkPredictOptions(model, bank, ship, functionTag, maxTokens, batchSize, batching, keep,
                threadsPerTask);
    }

    public SparkPredictOptions withFunctionTag(String tag) {
        return new SparkPredictOptions(model, bank, shipBank, tag, maxTokens, batchSize, batching, keep,
                threadsPerTask);
    }

    public SparkPredictOptions withMaxTokens(int n) {
        return new SparkPredictOptions(model, bank, shipBank, functionTag, n, batchSize, batching, keep,
                threadsPerTask);
    }

    public SparkPredictOptions withBatchSize(int n) {
        return new SparkPredictOptions(model, bank, shipBank, functionTag, maxTokens, n, batching, keep,
                threadsPerTask);
    }

    public SparkPredictOptions withBatching(Batching b) {
        return new SparkPredictOptions(model, bank, shipBank, functionTag, maxTokens, batchSize, b, keep,
                threadsPerTask);
    }

    public SparkPredictOptions withKeep(List<String> columns) {
        return new SparkPredictOptions(model, bank, shipBank, functionTag, maxTokens, batchSize, batching, columns,
                threadsPerTask);
    }

    public SparkPredictOptions withThreadsPerTask(int n) {
        return new SparkPredictOptions(model, bank, shipBank, functionTag, maxTokens, batchSize, batching, keep, n);
    }
}
