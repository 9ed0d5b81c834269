package org.tagllm.knime.nodes.predict;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.tagllm.knime.engine.method.TagPredictor;
import org.tagllm.knime.engine.predict.PredictionColumns;
import org.tagllm.knime.engine.service.PredictionJob;
import org.tagllm.knime.engine.service.TagEngineService;
import org.tagllm.knime.nodes.exec.EngineJobs;
import org.tagllm.knime.nodes.exec.NodeCancelledException;
import org.tagllm.knime.nodes.exec.NodeFailedException;
import org.tagllm.knime.nodes.exec.NodeProgress;
import org.tagllm.knime.nodes.exec.SettingsException;
import org.tagllm.knime.nodes.input.RowRecords;
import org.tagllm.knime.nodes.port.TagModelPortContent;
import org.tagllm.knime.nodes.port.TagModelSpec;
import org.tagllm.knime.nodes.table.CellType;
import org.tagllm.knime.nodes.table.ColumnSpec;
import org.tagllm.knime.nodes.table.Row;
import org.tagllm.knime.nodes.table.RowInput;
import org.tagllm.knime.nodes.table.RowOutput;
import org.tagllm.knime.nodes.table.TableShape;

/**
 * Tag-LLM Predictor: appends to every input row, in input order, the predictions of a tag model's function tag (one
 * double column per output value, {@code P(class)} per class and the predicted class, or the generated text) and a
 * reason column that says why a row has none (e.g. an invalid SMILES, with CDK's message); the other rows have it
 * missing. The predicted class is the engine's ({@link TagPredictor#classDecision()}): the decision threshold the
 * tag model chose on validation, as {@code tagllm predict} and Spark name it.
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
        if (task.outputNames() == null) {
            return Optional.empty();
        }
        return Optional.of(outputShape(table, task.outputNames(), task.isGeneration(),
                TagModelSpec.CLASSIFICATION.equals(task.headType()), settings));
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

    private static TableShape outputShape(TableShape table, List<String> outputs, boolean generation,
            boolean classification, PredictorSettings settings) throws SettingsException {
        List<ColumnSpec> added = new ArrayList<>();
        for (String name : outputs) {
            added.add(ColumnSpec.of(settings.columnPrefix() + name, generation ? CellType.STRING : CellType.DOUBLE));
        }
        if (classification) {
            added.add(ColumnSpec.of(settings.columnPrefix() + PredictionColumns.PREDICTED_CLASS, CellType.STRING));
        }
        added.add(ColumnSpec.of(settings.reasonColumn(), CellType.STRING));
        for (ColumnSpec c : added) {
            if (table.has(c.name()) || added.stream().filter(a -> a.name().equals(c.name())).count() > 1) {
                throw new SettingsException(c.name().equals(settings.reasonColumn()) ? "reason column"
                        : "column prefix", c.name().equals(settings.reasonColumn()) ? settings.reasonColumn()
                        : settings.columnPrefix(), "the output column '" + c.name() + "' would clash with a column "
                        + "of the same name; choose another");
            }
        }
        return table.append(added);
    }

    /**
     * Predicts every row and pushes it, with its predictions or reason, to {@code out} in input order.
     *
     * @throws NodeFailedException when the model does not load or the tag model was trained on another base model
     */
    public static PredictionSummary execute(TagModelPortContent model, RowInput table, PredictorSettings settings,
            TagEngineService engine, NodeProgress progress, RowOutput out)
            throws SettingsException, NodeCancelledException, NodeFailedException {
        TagModelSpec.Task task = task(model.spec(), settings);
        configure(model.spec(), table.shape(), settings);
        RowRecords records = new RowRecords(table, "input table",
                task.fields().stream().map(TagModelSpec.Field::column).toList());
        PredictionJob job = new PredictionJob(model.baseModelPath(), settings.device().strip(), model.bank(),
                task.functionTag(), records.dataSource(), settings.maxTokens(),
                settings.batchSize());
        TagPredictor.Result result = EngineJobs.run(engine, job, progress, 0, 0.9);
        if (result.lengthNote() != null) {
            progress.warning(result.lengthNote());
        }
        if (result.truncatedRows() > 0) {
            TagPredictor.Prediction first = result.predictions().stream().filter(p -> p.truncated() != null)
                    .findFirst().orElseThrow();
            progress.warning(result.truncatedRows() + " rows were cut to fit before the model read them (they have "
                    + "predictions; e.g. row " + first.row() + ": " + first.truncated() + ")");
        }
        Map<Long, TagPredictor.Prediction> byRecord = new HashMap<>();
        result.predictions().forEach(p -> byRecord.put(p.row(), p));
        int outputs = result.outputNames().size();
        boolean classification = !result.classLabels().isEmpty();
        long number = 0;
        long failed = 0;
        List<String> firstFailures = new ArrayList<>();
        progress.progress(0.9, "writing " + table.size() + " rows");
        try (RowInput.RowIterator rows = table.rows()) {
            while (rows.hasNext()) {
                Row row = rows.next();
                TagPredictor.Prediction p = byRecord.get(++number);
                List<Object> cells = new ArrayList<>(outputs + 1);
                String reason = p == null ? "the engine returned no prediction for this row" : p.problem();
                if (reason == null && task.isGeneration()) {
                    cells.add(p.text());
                } else {
                    for (int i = 0; i < outputs; i++) {
                        cells.add(reason == null ? p.values()[i] : null);
                    }
                    if (classification) {
                        cells.add(reason == null ? result.predictedClass(p) : null);
                    }
                }
                cells.add(reason);
                if (reason != null) {
                    failed++;
                    if (firstFailures.size() < 3) {
                        firstFailures.add(row.key() + ": " + reason);
                    }
                }
                out.push(row.append(cells));
            }
        }
        if (failed > 0) {
            progress.warning(failed + " of " + number + " rows could not be predicted; see column '"
                    + settings.reasonColumn() + "' (" + String.join("; ", firstFailures) + (failed > 3 ? "; …" : "")
                    + ")");
        }
        progress.progress(1, (number - failed) + " of " + number + " rows predicted");
        return new PredictionSummary(number, number - failed, failed);
    }
}
