package org.tagllm.knime.engine.method;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.bank.BankConflictException;
import org.tagllm.knime.engine.bank.BaseModelFingerprint;
import org.tagllm.knime.engine.bank.FieldEntry;
import org.tagllm.knime.engine.bank.Head;
import org.tagllm.knime.engine.bank.HeadEntry;
import org.tagllm.knime.engine.bank.InputSettings;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.bank.TagEntry;
import org.tagllm.knime.engine.bank.TaskEntry;
import org.tagllm.knime.engine.data.BadRowPolicy;
import org.tagllm.knime.engine.data.ColumnKind;
import org.tagllm.knime.engine.data.ColumnMapping;
import org.tagllm.knime.engine.data.DataReport;
import org.tagllm.knime.engine.data.Dataset;
import org.tagllm.knime.engine.data.DatasetLoader;
import org.tagllm.knime.engine.data.Example;
import org.tagllm.knime.engine.data.ExampleStream;
import org.tagllm.knime.engine.data.LengthLimit;
import org.tagllm.knime.engine.data.NormalizerRegistry;
import org.tagllm.knime.engine.data.TokenBudget;
import org.tagllm.knime.engine.model.ModelDirectory;
import org.tagllm.knime.engine.tags.SequenceEncoder;
import org.tagllm.knime.engine.tags.TagModel;
import org.tagllm.knime.engine.tags.TagTable;
import org.tagllm.knime.engine.tags.TaggedSequence;
import org.tagllm.knime.engine.tags.TaskHead;
import org.tagllm.knime.engine.tags.TaskTemplate;
import org.tagllm.knime.engine.tags.Tokenization;

/**
 * Applies a bank's function tag and head to new rows: the task layout stored in the bank says which columns to read
 * and which domain tags stand before them. Rows that fail their checks are kept with the reason and no prediction.
 */
public final class TagPredictor implements AutoCloseable {

    /**
     * One row's outcome: the values (original units, or class probabilities) or the generated text, or why there are
     * none.
     *
     * @param inputs    the row's input values as read (checked, never cut)
     * @param truncated how the inputs were cut to fit the length limit before the model read them, or null when they
     *                  fit; the row still has its prediction
     */
    public record Prediction(long row, Map<String, String> inputs, double[] values, String text, String problem,
            String truncated) {

        public Prediction(long row, Map<String, String> inputs, double[] values, String text, String problem) {
            this(row, inputs, values, text, problem, null);
        }
    }

    /**
     * @param lengthNote one line when the length limit is not the one the bank was trained with (an explicit other
     *                   limit, or a bank that records none), else null
     */
    public record Result(List<Prediction> predictions, List<String> outputNames, DataReport report,
            List<String> classLabels, String lengthNote) {

        public Result(List<Prediction> predictions, List<String> outputNames, DataReport report,
                List<String> classLabels) {
            this(predictions, outputNames, report, classLabels, null);
        }

        /** The class a classification row's probabilities name ({@link ClassDecision}); null without one. */
        public String predictedClass(Prediction p) {
            return classLabels.isEmpty() || p.values() == null ? null
                    : ClassDecision.predictedClass(p.values(), classLabels);
        }

        /** Rows whose inputs were cut to fit. */
        public long truncatedRows() {
            return predictions.stream().filter(p -> p.truncated() != null).count();
        }
    }

    /** Pass as {@code maxTokens} to shape inputs as the bank was trained ({@link #trainedMaxPositions()}). */
    public static final int BANK_LIMIT = 0;

    /** Positions per row for banks written before their input settings were recorded (the old default). */
    public static final int LEGACY_MAX_TOKENS = 512;

    private final LocalModel model;
    private final TagTable table;
    private final TaskHead head;
    private final TaskEntry task;
    private final HeadEntry headEntry;
    private final TaskTemplate template;
    private final TagModel tagModel;

    private TagPredictor(LocalModel model, TagTable table, TaskHead head, TaskEntry task, HeadEntry headEntry) {
        this.model = model;
        this.table = table;
        this.head = head;
        this.task = task;
        this.headEntry = headEntry;
        this.template = BankTensors.template(task);
        this.tagModel = head == null ? new TagModel(model.decoder(), table) : new TagModel(model.decoder(), table, head);
    }

    /**
     * @param functionTag the function tag to apply; null when the bank holds exactly one
     * @throws BankConflictException when the bank was trained on another base model
     */
    public static TagPredictor open(LocalModel model, TagBank bank, String functionTag)
            throws IOException, ModelFormatException, BankConflictException {
        try (ModelDirectory dir = ModelDirectory.open(model.dir())) {
            bank.checkCompatible(BaseModelFingerprint.of(dir));
        }
        String tag = functionTag != null ? functionTag : onlyFunctionTag(bank);
        TaskEntry task = bank.task(tag).orElseThrow(() -> new IllegalArgumentException("the bank " + bank.describe()
                + " has no task for " + tag));
        Head head = bank.head(tag).orElseThrow(() -> new IllegalArgumentException("the bank " + bank.describe()
                + " has no head for " + tag));
        TagTable table = TagTable.create(model.decoder());
        try {
            for (String domain : task.domainTags()) {
                BankTensors.loadTag(bank, domain, table, false);
            }
            BankTensors.loadTag(bank, tag, table, false);
            TaskHead live = head.entry().type() == HeadEntry.Type.GENERATION ? null : BankTensors.restoreHead(head,
                    model.decoder().device());
            return new TagPredictor(model, table, live, task, head.entry());
        } catch (RuntimeException e) {
            table.close();
            throw e;
        }
    }

    private static String onlyFunctionTag(TagBank bank) {
        List<String> tags = bank.tagNames(TagEntry.Kind.FUNCTION);
        if (tags.isEmpty()) {
            throw new IllegalArgumentException(bank.describe() + " holds only domain tags, no function tag and head "
                    + "to predict with; train a function tag on it first (stage 2: 'tagllm train --bank')");
        }
        if (tags.size() != 1) {
            throw new IllegalArgumentException(bank.describe() + " holds the function tags " + tags
                    + "; say which to apply");
        }
        return tags.get(0);
    }

    /** The positions per row the bank's task was trained with, or null for a bank that does not record it. */
    public Integer trainedMaxPositions() {
        return task.inputSettings() == null ? null : task.inputSettings().maxPositions();
    }

    /** The names of the prediction values: the tag for one output, tag[i] for several, P(class) per class. */
    public List<String> outputNames() {
        List<String> names = new ArrayList<>();
        if (headEntry.type() == HeadEntry.Type.GENERATION) {
            names.add(task.functionTag());
        } else if (headEntry.type() == HeadEntry.Type.CLASSIFICATION) {
            headEntry.classLabels().forEach(c -> names.add("P(" + c + ")"));
        } else if (headEntry.outputDim() == 1) {
            names.add(task.functionTag());
        } else {
            for (int i = 0; i < headEntry.outputDim(); i++) {
                names.add(task.functionTag() + "[" + i + "]");
            }
        }
        return names;
    }

    /**
     * Predicts every row of {@code data}; its columns are named as the task's fields (as when the bank was trained).
     *
     * @param maxTokens positions per row at most (capped by the model's), or {@link #BANK_LIMIT} for the bank's own
     *                  settings ({@value #LEGACY_MAX_TOKENS} for a bank that records none); longer inputs are cut
     *                  for the model, flagged in {@link Prediction#truncated()}, and kept whole in the output
     */
    public Result predict(DataSource data, int maxTokens, int batchSize) throws IOException {
        try {
            return predict(data, maxTokens, batchSize, PredictionProgress.NONE, () -> false);
        } catch (PredictionCancelledException e) {
            throw new AssertionError("never cancelled", e);
        }
    }

    /**
     * As {@link #predict(DataSource, int, int)}, reporting after every batch and checking {@code cancelled} before
     * each, so a cancel stops the work within one batch. The rows are read first, so that progress knows their
     * number, and collected from {@link #predict(DataSource, int, int, PredictionSink, PredictionProgress,
     * BooleanSupplier) the streaming form}'s batches.
     *
     * @throws PredictionCancelledException when {@code cancelled} turned true before every row had its outcome
     */
    public Result predict(DataSource data, int maxTokens, int batchSize, PredictionProgress progress,
            BooleanSupplier cancelled) throws IOException, PredictionCancelledException {
        Reading reading = reading(maxTokens);
        Dataset dataset = reading.loader(true).load(reading.columns(), data.records(), progress::onReading);
        int rows = dataset.examples().size();
        List<Prediction> out = new ArrayList<>(rows);
        Iterator<Example> examples = dataset.examples().iterator();
        predict(() -> examples.hasNext() ? examples.next() : null, rows, reading, batchSize, out::add, progress,
                cancelled);
        return new Result(out, outputNames(), dataset.report(),
                headEntry.type() == HeadEntry.Type.CLASSIFICATION ? headEntry.classLabels() : List.of(),
                lengthNote(maxTokens, task.inputSettings()));
    }

    /**
     * Predicts {@code data} a batch at a time, handing every row's outcome to {@code sink} in input order: memory stays
     * flat however many rows (the report counts no duplicate inputs, which would need memory per row). Progress is
     * reported after every batch with the number of rows unknown (-1); {@code cancelled} is checked before each batch.
     *
     * @param maxTokens as for {@link #predict(DataSource, int, int)}
     * @return the report of the rows read
     * @throws PredictionCancelledException when {@code cancelled} turned true before every row had its outcome
     */
    public DataReport predict(DataSource data, int maxTokens, int batchSize, PredictionSink sink,
            PredictionProgress progress, BooleanSupplier cancelled) throws IOException, PredictionCancelledException {
        Reading reading = reading(maxTokens);
        try (ExampleStream examples = reading.loader(false).stream(reading.columns(), data.records())) {
            predict(examples::next, -1, reading, batchSize, sink, progress, cancelled);
            return examples.report();
        }
    }

    /**
     * How rows are read for this bank's task: its columns and their checks, read whole; each is then cut to the
     * budget for the model, so the output keeps the value as given.
     *
     * @param limitName the length limit in words, for the notes on cut rows
     */
    private record Reading(ColumnMapping columns, SequenceEncoder encoder, TokenBudget budget, String limitName) {

        /** Rows with a problem are kept, to be reported with no prediction. */
        DatasetLoader loader(boolean countDuplicates) {
            return DatasetLoader.builder().badRows(BadRowPolicy.KEEP).normalizers(NormalizerRegistry.defaults())
                    .trackDuplicates(countDuplicates).build();
        }

        /** The row as the model reads it: whole, cut to the budget (with a note saying how), or refused as too long. */
        Row forModel(Example e) {
            if (e.problem() != null || budget.fits(e.inputs())) {
                return new Row(e, e, null);
            }
            Map<String, String> cut = budget.truncate(e.inputs());
            if (cut == null) {
                return new Row(e, new Example(e.row(), e.line(), e.inputs(), null, null, null, e.groups(),
                        LengthLimit.TOO_LONG + ": " + budget.tokens(e.inputs()) + " positions cannot be cut to "
                        + limitName), null);
            }
            return new Row(e, new Example(e.row(), e.line(), cut, e.numericTarget(), e.label(), e.split(),
                    e.groups(), null), "cut to " + limitName + ": " + cutFields(e.inputs(), cut, budget));
        }
    }

    /** A row as read, as the model reads it, and how it was cut (null when whole). */
    private record Row(Example read, Example forModel, String cutNote) {

        Prediction outcome(double[] values, String text) {
            return new Prediction(read.row(), read.inputs(), values, text, forModel.problem(), cutNote);
        }
    }

    private Reading reading(int maxTokens) {
        SequenceEncoder encoder = new SequenceEncoder(model.tokenizer(), table.specs());
        ColumnMapping.Builder columns = ColumnMapping.builder();
        Map<String, Tokenization> tokenization = new LinkedHashMap<>();
        int overhead = 1 + table.spec(task.functionTag()).vectors();
        for (FieldEntry f : task.fields()) {
            boolean character = f.tokenization() == FieldEntry.Tokenization.CHARACTER;
            // Banks record each field's checks; older ones are inferred from the tokenisation and the tag's name.
            ColumnKind kind = f.kind() != null ? ColumnKind.parse(f.kind()) : !character ? ColumnKind.TEXT
                    : "<Protein>".equalsIgnoreCase(f.domainTag()) ? ColumnKind.PROTEIN : ColumnKind.SMILES;
            columns.input(f.name(), kind);
            tokenization.put(f.name(), character ? Tokenization.CHARACTER : Tokenization.MODEL);
            overhead += f.domainTag() == null ? 0 : table.spec(f.domainTag()).vectors();
        }
        InputSettings trained = task.inputSettings();
        int limit = maxTokens != BANK_LIMIT ? maxTokens : trained != null ? trained.maxPositions()
                : LEGACY_MAX_TOKENS;
        int max = Math.min(limit, model.config().maxPositions());
        TokenBudget budget = new TokenBudget((column, value) -> encoder.tokens(value, tokenization.get(column)).length,
                overhead, max, trained == null ? Map.of() : trained.fieldMaxTokens());
        String limitName = max + " positions" + (trained != null && max == trained.maxPositions()
                ? " (the bank's limit)" : "");
        return new Reading(columns.build(), encoder, budget, limitName);
    }

    /** The examples of one reading, one at a time; null after the last. */
    @FunctionalInterface
    private interface Examples {
        Example next() throws IOException;
    }

    /** Every example's outcome to {@code sink} in order, the usable ones predicted in batches of {@code batchSize}. */
    private void predict(Examples examples, long rows, Reading reading, int batchSize, PredictionSink sink,
            PredictionProgress progress, BooleanSupplier cancelled) throws IOException, PredictionCancelledException {
        BatchedReadout readout = new BatchedReadout(tagModel, model.tokenizer(), batchSize);
        List<Row> pending = new ArrayList<>(batchSize);
        long done = 0;
        for (Example e; (e = examples.next()) != null; ) {
            Row row = reading.forModel(e);
            if (row.forModel().problem() != null) {
                done = flush(pending, done, rows, reading.encoder(), readout, sink, progress, cancelled);
                sink.accept(row.outcome(null, null));
                done++;
                continue;
            }
            pending.add(row);
            if (pending.size() == batchSize) {
                done = flush(pending, done, rows, reading.encoder(), readout, sink, progress, cancelled);
            }
        }
        done = flush(pending, done, rows, reading.encoder(), readout, sink, progress, cancelled);
        progress.onRows(done, rows);
    }

    /** Predicts the pending rows as one batch (none: nothing to do); the rows with an outcome afterwards. */
    private long flush(List<Row> pending, long done, long rows, SequenceEncoder encoder, BatchedReadout readout,
            PredictionSink sink, PredictionProgress progress, BooleanSupplier cancelled)
            throws IOException, PredictionCancelledException {
        if (pending.isEmpty()) {
            return done;
        }
        if (cancelled.getAsBoolean()) {
            throw new PredictionCancelledException(done, rows);
        }
        List<TaggedSequence> sequences = pending.stream().map(r -> encoder.prompt(template, r.forModel().inputs()))
                .toList();
        if (head == null) {
            // Generation: greedy, one row at a time.
            for (int i = 0; i < pending.size(); i++) {
                sink.accept(pending.get(i).outcome(null, readout.answer(sequences.get(i), GENERATION)));
            }
        } else {
            double[][] values = readout.headValues(sequences, rowsDone -> {});
            for (int i = 0; i < pending.size(); i++) {
                sink.accept(pending.get(i).outcome(values[i], null));
            }
        }
        done += pending.size();
        pending.clear();
        progress.onRows(done, rows);
        return done;
    }

    /** A generation task's answers: as long as training kept room for. */
    private static final Answering GENERATION = new Answering(LabelledTask.Type.GENERATION, true);

    /** Which field was cut from how many tokens to how many, e.g. {@code smiles 171 → 141 tokens}. */
    private static String cutFields(Map<String, String> original, Map<String, String> cut, TokenBudget budget) {
        List<String> parts = new ArrayList<>();
        original.forEach((column, value) -> {
            if (!value.equals(cut.get(column))) {
                parts.add(column + " " + budget.counter().count(column, value) + " → "
                        + budget.counter().count(column, cut.get(column)) + " tokens");
            }
        });
        return String.join(", ", parts);
    }

    /** One line when the limit is not the bank's own; null when it is. */
    private static String lengthNote(int maxTokens, InputSettings trained) {
        if (trained == null) {
            return maxTokens == BANK_LIMIT ? "the bank records no input settings (written before they were); inputs "
                    + "held to " + LEGACY_MAX_TOKENS + " positions as before" : null;
        }
        if (maxTokens == BANK_LIMIT || maxTokens == trained.maxPositions()) {
            return null;
        }
        return "inputs held to " + maxTokens + " positions as asked, instead of the " + trained.maxPositions()
                + " the bank was trained with";
    }

    @Override
    public void close() {
        try {
            if (head != null) {
                head.close();
            }
        } finally {
            table.close();
        }
    }
}
