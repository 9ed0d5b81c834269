package org.tagllm.knime.engine.predict;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.StreamSupport;
import org.tagllm.knime.engine.data.RowRecords;
import org.tagllm.knime.engine.method.DataSource;
import org.tagllm.knime.engine.method.PredictOptions;
import org.tagllm.knime.engine.method.PredictionProgress;
import org.tagllm.knime.engine.method.PredictionStream;
import org.tagllm.knime.engine.method.TagPredictor;

/**
 * Rows in, rows out, over the one streaming path ({@link TagPredictor#stream}): what a Spark {@code mapPartitions}
 * calls with its partition's iterator. The input rows are read as the output is pulled, a window at a time; each
 * output row holds the cells of {@link PredictionColumns} (row number within the partition, every input column, the
 * predictions, the predicted class, added columns, problem, truncated), in input order.
 *
 * <pre>{@code
 * Dataset<Row> out = rows.mapPartitions((MapPartitionsFunction<Row, Row>) it -> {
 *     LocalModel model = SharedModels.model(modelDir);                  // once per executor JVM
 *     TagPredictor predictor = TagPredictor.open(model, SharedModels.bank(bankDir), tag);
 *     RowScorer scorer = new RowScorer(predictor, columns, PredictOptions.of(TagPredictor.BANK_LIMIT, 32));
 *     Iterator<List<Object>> cells = scorer.score("partition " + TaskContext.getPartitionId(), it,
 *             r -> columns.stream().map(c -> r.<Object>getAs(c)).map(v -> v == null ? null : v.toString()).toList());
 *     ... map each List<Object> to RowFactory.create(cells.toArray()), close the predictor at the end ...
 * }, encoder);
 * }</pre>
 *
 * A row's cells may hold null for a missing value; the row then carries the reason in {@code problem}.
 */
public final class RowScorer {

    private final TagPredictor predictor;
    private final List<String> columns;
    private final PredictOptions options;
    private final PredictionColumns layout;

    /**
     * @param columns the input rows' columns, in order; all pass through to the output
     */
    public RowScorer(TagPredictor predictor, List<String> columns, PredictOptions options) {
        this(predictor, columns, options, PredictionColumns.builder(predictor, columns).build());
    }

    /** @param layout the output's columns (e.g. with added groups), built for these input columns */
    public RowScorer(TagPredictor predictor, List<String> columns, PredictOptions options, PredictionColumns layout) {
        this.predictor = predictor;
        this.columns = List.copyOf(columns);
        this.options = options;
        this.layout = layout;
    }

    /** The output's columns, names and types (for a Spark schema). */
    public PredictionColumns layout() {
        return layout;
    }

    /**
     * The output rows of {@code rows}, one per input row in order, computed as they are pulled; the input is read
     * once. A missing value (null cell) is treated as a missing field: the row gets its reason.
     *
     * @param source names the rows in messages (e.g. {@code partition 3})
     * @param cells  a row's values as text in the order of the columns (null: missing)
     * @throws UncheckedIOException from the iterator when the rows cannot be read
     */
    public <R> Iterator<List<Object>> score(String source, Iterator<R> rows, Function<R, List<String>> cells) {
        RowRecords<R> records = new RowRecords<>(source, columns,
                () -> StreamSupport.stream(Spliterators.spliteratorUnknownSize(rows, Spliterator.ORDERED), false),
                r -> RowRecords.Cells.of(cells.apply(r).stream().map(v -> v == null ? "" : v).toList()));
        PredictionStream stream;
        try {
            stream = predictor.stream(DataSource.of(source, records), options, PredictionProgress.NONE, () -> false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Iterator<TagPredictor.Prediction> predictions = stream.asIterator();
        return new Iterator<>() {
            private long index;

            @Override
            public boolean hasNext() {
                boolean more = predictions.hasNext();
                if (!more) {
                    try {
                        stream.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return more;
            }

            @Override
            public List<Object> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return layout.cells(predictions.next(), index++);
            }
        };
    }
}
