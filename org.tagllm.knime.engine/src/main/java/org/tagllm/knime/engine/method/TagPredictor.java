package org.tagllm.knime.engine.method;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
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
import org.tagllm.knime.engine.data.LengthLimit;
import org.tagllm.knime.engine.data.NormalizerRegistry;
import org.tagllm.knime.engine.data.TableSpec;
import org.tagllm.knime.engine.data.TokenBudget;
import org.tagllm.knime.engine.model.ModelDirectory;
import org.tagllm.knime.engine.tags.SequenceEncoder;
import org.tagllm.knime.engine.tags.TagBatch;
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
     * each, so a cancel stops the work within one batch.
     *
     * @throws PredictionCancelledException when {@code cancelled} turned true before every row had its outcome
     */
    public Result predict(DataSource data, int maxTokens, int batchSize, PredictionProgress progress,
            BooleanSupplier cancelled) throws IOException, PredictionCancelledException {
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
        // Rows are read whole: each is cut for the model below, so the output keeps the value as given.
        Dataset dataset = DatasetLoader.builder().badRows(BadRowPolicy.KEEP).normalizers(NormalizerRegistry.defaults())
                .build().load(TableSpec.of(data.file(), columns.build()), data.reader(), progress::onReading);
        List<Example> examples = new ArrayList<>(dataset.examples().size());
        Map<Long, String> cutNotes = new HashMap<>();
        for (Example e : dataset.examples()) {
            if (e.problem() != null || budget.fits(e.inputs())) {
                examples.add(e);
                continue;
            }
            Map<String, String> cut = budget.truncate(e.inputs());
            if (cut == null) {
                examples.add(new Example(e.row(), e.line(), e.inputs(), null, null, null, e.groups(),
                        LengthLimit.TOO_LONG + ": " + budget.tokens(e.inputs()) + " positions cannot be cut to "
                        + limitName));
                continue;
            }
            cutNotes.put(e.row(), "cut to " + limitName + ": " + cutFields(e.inputs(), cut, budget));
            examples.add(new Example(e.row(), e.line(), cut, e.numericTarget(), e.label(), e.split(), e.groups(),
                    null));
        }
        Map<Long, Map<String, String>> originals = new HashMap<>();
        dataset.examples().forEach(e -> originals.put(e.row(), e.inputs()));

        int rows = examples.size();
        List<Prediction> out = new ArrayList<>(rows);
        List<Example> pending = new ArrayList<>();
        for (Example e : examples) {
            if (e.problem() != null) {
                flush(pending, encoder, out, progress, cancelled, rows);
                out.add(new Prediction(e.row(), e.inputs(), null, null, e.problem()));
                continue;
            }
            pending.add(e);
            if (pending.size() == batchSize) {
                flush(pending, encoder, out, progress, cancelled, rows);
            }
        }
        flush(pending, encoder, out, progress, cancelled, rows);
        progress.onRows(out.size(), rows);
        List<Prediction> restored = new ArrayList<>(out.size());
        for (Prediction p : out) {
            restored.add(new Prediction(p.row(), originals.get(p.row()), p.values(), p.text(), p.problem(),
                    cutNotes.get(p.row())));
        }
        return new Result(restored, outputNames(), dataset.report(),
                headEntry.type() == HeadEntry.Type.CLASSIFICATION ? headEntry.classLabels() : List.of(),
                lengthNote(maxTokens, trained));
    }

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

    private void flush(List<Example> pending, SequenceEncoder encoder, List<Prediction> out,
            PredictionProgress progress, BooleanSupplier cancelled, int rows) throws PredictionCancelledException {
        if (pending.isEmpty()) {
            return;
        }
        if (cancelled.getAsBoolean()) {
            throw new PredictionCancelledException(out.size(), rows);
        }
        predictBatch(pending, encoder, out);
        pending.clear();
        progress.onRows(out.size(), rows);
    }

    private void predictBatch(List<Example> pending, SequenceEncoder encoder, List<Prediction> out) {
        List<TaggedSequence> sequences = pending.stream().map(e -> encoder.prompt(template, e.inputs())).toList();
        if (head == null) {
            // Generation: greedy, one row at a time, up to the positions the model has left.
            for (int i = 0; i < pending.size(); i++) {
                int room = Math.max(1, model.config().maxPositions() - sequences.get(i).length());
                String text = model.tokenizer().decode(tagModel.generate(sequences.get(i),
                        Math.min(room, MAX_ANSWER_TOKENS)));
                out.add(new Prediction(pending.get(i).row(), pending.get(i).inputs(), null, text, null));
            }
            return;
        }
        double[][] values = tagModel.predict(TagBatch.of(sequences, TagBatch.Padding.RIGHT));
        for (int i = 0; i < pending.size(); i++) {
            out.add(new Prediction(pending.get(i).row(), pending.get(i).inputs(), values[i], null, null));
        }
    }

    /** Longest generated answer, in tokens. */
    static final int MAX_ANSWER_TOKENS = FunctionTraining.ANSWER_RESERVE;

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
