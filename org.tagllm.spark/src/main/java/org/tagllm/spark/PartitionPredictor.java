package org.tagllm.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.StreamSupport;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.TaskCompletionListener;
import org.tagllm.knime.engine.data.RowRecords;
import org.tagllm.knime.engine.method.DataSource;
import org.tagllm.knime.engine.method.PredictOptions;
import org.tagllm.knime.engine.method.PredictionProgress;
import org.tagllm.knime.engine.method.PredictionStream;
import org.tagllm.knime.engine.method.TagPredictor;
import org.tagllm.knime.engine.predict.PredictionColumns;
import scala.Tuple2;

/**
 * One partition through the engine's streaming predictor, on an executor: the partition's rows (each with its
 * 0-based position in the whole table) are served to the engine as records, predicted a window at a time, and come
 * out in input order as rows of the {@link PredictionColumns} layout, {@code row} being the position in the whole
 * table (1-based, as {@code tagllm predict} numbers a file's rows). Memory is one window of rows, whatever the
 * partition's size. The predictor is borrowed from {@link ExecutorModels} and given back when the task ends.
 */
final class PartitionPredictor implements FlatMapFunction<Iterator<Tuple2<Row, Long>>, Row> {

    private static final long serialVersionUID = 1L;

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
    public Iterator<Row> call(Iterator<Tuple2<Row, Long>> rows) throws IOException {
        if (!rows.hasNext()) {
            return Collections.emptyIterator();
        }
        TaskContext task = TaskContext.get();
        TaskThreads.apply(options.threadsPerTask());
        ExecutorModels.Key key = new ExecutorModels.Key(Path.of(options.model()), BankLocation.onExecutor(
                bankOnExecutors, options.shipBank()), options.functionTag());
        TagPredictor predictor = ExecutorModels.borrow(key);
        // The rows read by the engine and not yet answered: one window at most.
        ArrayDeque<Tuple2<Row, Long>> inFlight = new ArrayDeque<>();
        String name = "partition " + (task == null ? 0 : task.partitionId());
        RowRecords<Tuple2<Row, Long>> records = new RowRecords<>(name, served,
                () -> StreamSupport.stream(Spliterators.spliteratorUnknownSize(rows, Spliterator.ORDERED), false)
                        .peek(inFlight::add),
                t -> RowRecords.Cells.of(cells(t._1())));
        PredictionStream stream = predictor.stream(DataSource.of(name, records), new PredictOptions(
                options.maxTokens(), options.batchSize(), options.batchSize() * PredictOptions.WINDOW_BATCHES,
                options.batching(), -1), PredictionProgress.NONE, () -> task != null && task.isInterrupted());
        PredictionColumns columns = PredictionColumns.builder(predictor, kept).build();
        Runnable done = new Runnable() {
            private boolean closed;

            @Override
            public synchronized void run() {
                if (!closed) {
                    closed = true;
                    try {
                        stream.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    } finally {
                        ExecutorModels.release(key, predictor);
                    }
                }
            }
        };
        if (task != null) {
            task.addTaskCompletionListener((TaskCompletionListener) ctx -> done.run());
        }
        Iterator<TagPredictor.Prediction> outcomes = stream.asIterator();
        return new Iterator<>() {
            private long answered;

            @Override
            public boolean hasNext() {
                boolean more = outcomes.hasNext();
                if (!more) {
                    done.run(); // the next partition of this task's thread may take the predictor at once
                }
                return more;
            }

            @Override
            public Row next() {
                TagPredictor.Prediction p = outcomes.next();
                Tuple2<Row, Long> input = inFlight.poll();
                answered++;
                if (input == null || p.row() != answered) {
                    throw new IllegalStateException(name + ": the engine answered record " + p.row() + " where "
                            + "record " + answered + " was next");
                }
                List<Object> cells = new ArrayList<>(columns.cells(p, input._2()));
                cells.set(0, input._2() + 1); // the row's number in the whole table, not in the partition
                return RowFactory.create(cells.toArray());
            }
        };
    }

    /** The served columns of {@code row} as text: a missing value is empty, as an empty CSV field. */
    private List<String> cells(Row row) {
        List<String> out = new ArrayList<>(servedIndexes.length);
        for (int i : servedIndexes) {
            Object v = row.get(i);
            out.add(v == null ? "" : v.toString());
        }
        return out;
    }
}
