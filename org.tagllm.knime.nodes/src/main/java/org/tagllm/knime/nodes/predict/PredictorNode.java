package org.tagllm.knime.nodes.predict;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.tagllm.knime.engine.method.Batching;
import org.tagllm.knime.engine.method.DataSource;
import org.tagllm.knime.engine.method.PredictOptions;
import org.tagllm.knime.engine.method.ClassDecision;
import org.tagllm.knime.engine.method.TagPredictor;
import org.tagllm.knime.engine.predict.PredictionColumns;
import org.tagllm.knime.engine.service.StreamingPredictionJob;
import org.tagllm.knime.engine.service.TagEngineService;
import org.tagllm.knime.nodes.exec.EngineJobs;
import org.tagllm.knime.nodes.exec.NodeCancelledException;
import org.tagllm.knime.nodes.exec.NodeFailedException;
import org.tagllm.knime.nodes.exec.NodeProgress;
import org.tagllm.knime.nodes.exec.SettingsException;
import org.tagllm.knime.nodes.input.RowRecords;
import org.tagllm.knime.nodes.model.ModelLookup;
import org.tagllm.knime.nodes.port.TagModelPortContent;
import org.tagllm.knime.nodes.port.TagModelSpec;
import org.tagllm.knime.nodes.table.ColumnSpec;
import org.tagllm.knime.nodes.table.Row;
import org.tagllm.knime.nodes.table.RowInput;
import org.tagllm.knime.nodes.table.RowOutput;
import org.tagllm.knime.nodes.table.RowStream;
import org.tagllm.knime.nodes.table.TableShape;

/**
 * Tag-LLM Predictor: appends to every input row, in input order, the predictions of a tag model's function tag (one
 * double column per output value, {@code P(class)} per class, or the generated text) and a reason column that says
 * why a row has none (e.g. an invalid SMILES, with CDK's message); the other rows have it missing.
 */
public final class PredictorNode {

    private PredictorNode() {}

    /**
     * The output table's shape: the input columns, the prediction columns, the reason column. Empty when the tag
     * model's outputs are unknown before execution (a classification head whose classes come from the data).
     *
     * @throws SettingsException when the tag model has no (or no such) function tag, or the table lacks a column the
     *                           task reads
     */
    public static Optional<TableShape> configure(TagModelSpec model, TableShape table, PredictorSettings settings)
            throws SettingsException {
        settings.validate();
        TagModelSpec.Task task = task(model, settings);
        for (TagModelSpec.Field f : task.fields()) {
            Optional<ColumnSpec> c = table.find(f.column());
            String needs = "the task " + task.functionTag() + " reads column '" + f.column() + "'"
                    + (f.domainTag() == null ? "" : " (behind " + f.domainTag() + ")");
            if (c.isEmpty()) {
                throw SettingsException.ofInputs(needs + ", which the input table lacks; it has "
                        + String.join(", ", table.names()));
            }
            if (!c.get().type().isText()) {
                throw SettingsException.ofInputs(needs + ", which holds " + c.get().type().name()
                        .toLowerCase(Locale.ROOT) + " cells; it must hold strings, SMILES or SD mol blocks");
            }
        }
        PredictorColumns columns = PredictorColumns.of(task, settings);
        if (columns == null) {
            return Optional.empty();
        }
        return Optional.of(outputShape(table, columns, settings));
    }

    /** The task the settings pick: the named function tag, or the only one. */
    static TagModelSpec.Task task(TagModelSpec model, PredictorSettings settings) throws SettingsException {
        if (settings.functionTag() != null) {
            return model.task(settings.functionTag()).orElseThrow(() -> new SettingsException("function tag",
                    settings.functionTag(), "the tag model has no task for it; its function tags are "
                            + model.tasks().stream().map(TagModelSpec.Task::functionTag).toList()));
        }
        if (model.tasks().isEmpty()) {
            throw SettingsException.ofInputs("the tag model holds no function tag (tags " + model.tags().stream()
                    .map(TagModelSpec.Tag::name).toList() + "); train one with the Tag Trainer first");
        }
        if (model.tasks().size() > 1) {
            throw new SettingsException("function tag", null, "the tag model holds several function tags "
                    + model.tasks().stream().map(TagModelSpec.Task::functionTag).toList() + "; choose one");
        }
        return model.tasks().get(0);
    }

    private static TableShape outputShape(TableShape table, PredictorColumns columns, PredictorSettings settings)
            throws SettingsException {
        List<ColumnSpec> added = columns.specs();
        for (ColumnSpec c : added) {
            if (table.has(c.name()) || added.stream().filter(a -> a.name().equals(c.name())).count() > 1) {
                boolean reason = c.name().equals(settings.reasonColumn());
                throw new SettingsException(reason ? "reason column" : "prediction column", reason
                        ? settings.reasonColumn() : settings.predictionColumn(), "the output column '" + c.name()
                        + "' would clash with a column of the same name; choose another");
            }
        }
        return table.append(added);
    }


    /**
     * Predicts every row and pushes it, with its predictions or reason, to {@code out} in input order: the
     * {@linkplain #stream streaming path} over one pass of the table.
     *
     * @throws NodeFailedException when the model does not load or the tag model was trained on another base model
     */
    public static PredictionSummary execute(TagModelPortContent model, RowInput table, PredictorSettings settings,
            TagEngineService engine, NodeProgress progress, RowOutput out)
            throws SettingsException, NodeCancelledException, NodeFailedException {
        try (RowInput.RowIterator rows = table.rows()) {
            return stream(model, table.shape(), RowStream.of(rows), table.size(), settings, engine, progress, out);
        }
    }

    /**
     * The streaming entry point (what KNIME's streaming executor calls through the glue): rows are read once as they
     * come, predicted a window at a time ({@link PredictOptions#WINDOW_BATCHES} batches) and pushed, with their
     * predictions or reason, to {@code out} in input order as soon as their window is done. Only the window's rows
     * are held, however large the table. {@code out} is pushed to from the engine's thread.
     *
     * @param rows         the input rows, read once
     * @param expectedRows the number of rows when known (for the time left), else -1
     * @throws NodeFailedException when the model does not load or the tag model was trained on another base model
     */
    public static PredictionSummary stream(TagModelPortContent model, TableShape shape, RowStream rows,
            long expectedRows, PredictorSettings settings, TagEngineService engine, NodeProgress progress,
            RowOutput out) throws SettingsException, NodeCancelledException, NodeFailedException {
        return stream(model, shape, rows, expectedRows, settings, engine, progress, out, ModelLookup.LOCAL);
    }

    /**
     * As above, the base model found by {@code models} on this machine: the tag model's location resolved here, else
     * the model with the tag model's fingerprint in the preference's model folders.
     */
    public static PredictionSummary stream(TagModelPortContent model, TableShape shape, RowStream rows,
            long expectedRows, PredictorSettings settings, TagEngineService engine, NodeProgress progress,
            RowOutput out, ModelLookup models) throws SettingsException, NodeCancelledException, NodeFailedException {
        TagModelSpec.Task task = task(model.spec(), settings);
        configure(model.spec(), shape, settings);
        ArrayDeque<Row> waiting = new ArrayDeque<>(); // read, not yet predicted: at most a window
        org.tagllm.knime.engine.data.RowRecords<Row> records = RowRecords.streamed(shape, RowRecords.INPUT_TABLE,
                task.fields().stream().map(TagModelSpec.Field::column).toList(), rows, waiting::add);
        // The predicted class as the tag model's validation-chosen threshold names it (issue 18).
        ClassDecision decision = model.bank().head(task.functionTag())
                .filter(h -> h.entry().type() == org.tagllm.knime.engine.bank.HeadEntry.Type.CLASSIFICATION)
                .map(h -> ClassDecision.of(h.entry())).orElse(ClassDecision.MOST_PROBABLE);
        Written written = new Written(PredictorColumns.of(model.spec().task(task.functionTag()).orElseThrow(),
                settings, decision, model.bank().referenceSequences(task.functionTag()).orElse(null)));
        PredictOptions options = new PredictOptions(settings.maxTokens(), settings.batchSize(),
                settings.batchSize() * PredictOptions.WINDOW_BATCHES, Batching.BY_LENGTH, expectedRows);
        java.nio.file.Path modelFolder = models.locate("base model folder of the tag model", model.baseModelFolder(),
                model.bank().baseModel());
        StreamingPredictionJob job = new StreamingPredictionJob(modelFolder, settings.device().strip(),
                model.bank(), task.functionTag(), DataSource.of(RowRecords.INPUT_TABLE, records), options,
                p -> out.push(written.row(waiting.poll(), p)));
        StreamingPredictionJob.Outcome outcome = EngineJobs.run(engine, job, progress, 0, 1);
        if (outcome.lengthNote() != null) {
            progress.warning(outcome.lengthNote());
        }
        if (written.truncated > 0) {
            progress.warning(written.truncated + " rows were cut to fit before the model read them (they have "
                    + "predictions; e.g. " + written.firstTruncated + ")");
        }
        if (written.failed > 0) {
            progress.warning(written.failed + " of " + written.rows + " rows could not be predicted; see column '"
                    + settings.reasonColumn() + "' (" + String.join("; ", written.firstFailures)
                    + (written.failed > 3 ? "; …" : "") + ")");
        }
        progress.progress(1, (written.rows - written.failed) + " of " + written.rows + " rows predicted");
        return new PredictionSummary(written.rows, written.rows - written.failed, written.failed);
    }

    /** Each input row with its prediction cells appended, counted as it goes. */
    private static final class Written {

        private final PredictorColumns columns;
        long rows;
        long failed;
        long truncated;
        String firstTruncated;
        final List<String> firstFailures = new ArrayList<>();

        Written(PredictorColumns columns) {
            this.columns = columns;
        }

        Row row(Row input, TagPredictor.Prediction p) {
            if (input == null) {
                throw new IllegalStateException("prediction for row " + p.row() + " has no input row waiting");
            }
            String reason = p.problem();
            List<Object> cells = columns.cells(p, rows);
            rows++;
            if (reason != null) {
                failed++;
                if (firstFailures.size() < 3) {
                    firstFailures.add(input.key() + ": " + reason);
                }
            }
            if (p.truncated() != null && truncated++ == 0) {
                firstTruncated = "row " + input.key() + ": " + p.truncated();
            }
            return input.append(cells);
        }
    }
}
