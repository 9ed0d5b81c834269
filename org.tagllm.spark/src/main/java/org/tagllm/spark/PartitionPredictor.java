package org.tagllm.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.TaskCompletionListener;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.method.PredictOptions;
import org.tagllm.knime.engine.method.TagPredictor;
import org.tagllm.knime.engine.predict.PredictionColumns;
import org.tagllm.knime.engine.predict.RowScorer;
import org.tagllm.knime.engine.predict.SharedModels;
import scala.Tuple2;

/**
 * One partition through the engine's {@link RowScorer} (its one streaming path), on an executor. The model comes from
 * {@link SharedModels}: loaded by the first task of the executor JVM, reused by every later partition and task; each
 * partition opens its own predictor on it (the bank's tags and head, kilobytes) and closes it when the task ends.
 * Rows come with their 0-based position in the whole table ({@code zipWithIndex}), so {@code row} is numbered as
 * {@code tagllm predict} numbers a file's rows, not from 1 in every partition. Memory is one window of rows, whatever
 * the partition's size.
 */
final class PartitionPredictor implements FlatMapFunction<Iterator<Tuple2<Row, Long>>, Row> {

    private static final long serialVersionUID = 1L;

    /** The models the partitions of this JVM predicted with, by folder and identity: one per folder if loaded once. */
    private static final Map<Path, Set<LocalModel>> MODELS_USED = new ConcurrentHashMap<>();

    private final SparkPredictOptions options;
    private final String bankOnExecutors;
    private final List<String> served;
    private final int[] servedIndexes;
    private final List<String> kept;

    /**
     * @param bankOnExecutors the bank folder as executors find it (the shared path, or its SparkFiles name)
     * @param served          the columns handed to the engine (the task's inputs and the kept columns), in order
     * @param servedIndexes   their positions in the input rows
     * @param kept            the input columns passed through to the output
     */
    PartitionPredictor(SparkPredictOptions options, String bankOnExecutors, List<String> served, int[] servedIndexes,
            List<String> kept) {
        this.options = options;
        this.bankOnExecutors = bankOnExecutors;
        this.served = List.copyOf(served);
        this.servedIndexes = servedIndexes.clone();
        this.kept = List.copyOf(kept);
    }

    @Override
    public Iterator<Row> call(Iterator<Tuple2<Row, Long>> rows) throws Exception {
        if (!rows.hasNext()) {
            return Collections.emptyIterator();
        }
        TaskContext task = TaskContext.get();
        TaskThreads.apply(options.threadsPerTask());
        LocalModel model = SharedModels.model(Path.of(options.model()));
        MODELS_USED.computeIfAbsent(Path.of(options.model()).toAbsolutePath().normalize(),
                d -> ConcurrentHashMap.newKeySet()).add(model);
        TagPredictor predictor = TagPredictor.open(model, SharedModels.bank(BankLocation.onExecutor(bankOnExecutors,
                options.shipBank())), options.functionTag());
        if (task != null) {
            task.addTaskCompletionListener((TaskCompletionListener) ctx -> predictor.close());
        }
        RowScorer scorer = new RowScorer(predictor, served, new PredictOptions(options.maxTokens(),
                options.batchSize(), options.batchSize() * PredictOptions.WINDOW_BATCHES, options.batching(), -1),
                PredictionColumns.builder(predictor, kept).build());
        // The partition's first row's position in the table: the rest follow it (zipWithIndex numbers in order).
        long[] first = {-1};
        Iterator<Row> numbered = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Row next() {
                Tuple2<Row, Long> t = rows.next();
                if (first[0] < 0) {
                    first[0] = t._2();
                }
                return t._1();
            }
        };
        String name = "partition " + (task == null ? 0 : task.partitionId());
        Iterator<List<Object>> cells = scorer.score(name, numbered, this::cells);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return cells.hasNext();
            }

            @Override
            public Row next() {
                List<Object> row = new ArrayList<>(cells.next());
                row.set(0, first[0] + (Long) row.get(0)); // the partition's row n (from 1) is the table's first + n
                return RowFactory.create(row.toArray());
            }
        };
    }

    /** How many distinct loaded models of folder {@code dir} the partitions of this JVM have used so far. */
    static int modelsUsed(Path dir) {
        return MODELS_USED.getOrDefault(dir.toAbsolutePath().normalize(), Set.of()).size();
    }

    /** The served columns of {@code row} as text; null for a missing value, which the row's problem then names. */
    private List<String> cells(Row row) {
        List<String> out = new ArrayList<>(servedIndexes.length);
        for (int i : servedIndexes) {
            Object v = row.get(i);
            out.add(v == null ? null : v.toString());
        }
        return out;
    }
}
