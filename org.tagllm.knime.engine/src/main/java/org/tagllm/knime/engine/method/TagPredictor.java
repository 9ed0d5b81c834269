package org.tagllm.knime.engine.method;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.bank.BankConflictException;
import org.tagllm.knime.engine.bank.BaseModelFingerprint;
import org.tagllm.knime.engine.bank.Calibration;
import org.tagllm.knime.engine.bank.EnsembleEntry;
import org.tagllm.knime.engine.bank.FieldEntry;
import org.tagllm.knime.engine.bank.Head;
import org.tagllm.knime.engine.bank.HeadEntry;
import org.tagllm.knime.engine.bank.InputSettings;
import org.tagllm.knime.engine.bank.ReferenceSequences;
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
import org.tagllm.knime.engine.tags.ClassificationHead;
import org.tagllm.knime.engine.tags.RegressionHead;
import org.tagllm.knime.engine.tags.SequenceEncoder;
import org.tagllm.knime.engine.tags.TagBatch;
import org.tagllm.knime.engine.tags.TagKind;
import org.tagllm.knime.engine.tags.TagModel;
import org.tagllm.knime.engine.tags.TagSpec;
import org.tagllm.knime.engine.tags.TagTable;
import org.tagllm.knime.engine.tags.TaggedSequence;
import org.tagllm.knime.engine.tags.TaskHead;
import org.tagllm.knime.engine.tags.TaskTemplate;
import org.tagllm.knime.engine.tags.Tokenization;
import org.tagllm.knime.engine.tensor.FloatTensor;
import org.tagllm.knime.engine.uncertainty.CalibratedUncertainty;
import org.tagllm.knime.engine.uncertainty.EnsembleSpread;
import org.tagllm.knime.engine.uncertainty.RowUncertainty;
import org.tagllm.knime.engine.uncertainty.UncertaintyColumns;

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
     * @param truncated   how the inputs were cut to fit the length limit before the model read them, or null when
     *                    they fit; the row still has its prediction
     * @param uncertainty how far to trust the values ({@link #uncertaintyColumns()} says which parts), or null when
     *                    the predictor gives none or the row has no values
     */
    public record Prediction(long row, Map<String, String> inputs, double[] values, String text, String problem,
            String truncated, Map<String, String> fields, RowUncertainty uncertainty) {

        /**
         * @param fields every column of the input row as read (what passes through to the output: a compound ID, a
         *               vendor code); empty for a row that could not be split into fields
         */
        public Prediction {
            fields = fields == null ? Map.of() : fields;
        }

        /** A prediction without uncertainty. */
        public Prediction(long row, Map<String, String> inputs, double[] values, String text, String problem,
                String truncated, Map<String, String> fields) {
            this(row, inputs, values, text, problem, truncated, fields, null);
        }

        /** A prediction whose row has only the task's inputs. */
        public Prediction(long row, Map<String, String> inputs, double[] values, String text, String problem,
                String truncated) {
            this(row, inputs, values, text, problem, truncated, inputs, null);
        }

        public Prediction(long row, Map<String, String> inputs, double[] values, String text, String problem) {
            this(row, inputs, values, text, problem, null, inputs, null);
        }
    }

    /**
     * @param lengthNote one line when the length limit is not the one the bank was trained with (an explicit other
     *                   limit, or a bank that records none), else null
     * @param decision   how a classification row's probabilities name its class: the bank's decision threshold, or
     *                   the most probable class
     */
    public record Result(List<Prediction> predictions, List<String> outputNames, DataReport report,
            List<String> classLabels, String lengthNote, ClassDecision decision) {

        public Result {
            decision = decision == null ? ClassDecision.MOST_PROBABLE : decision;
        }

        public Result(List<Prediction> predictions, List<String> outputNames, DataReport report,
                List<String> classLabels, String lengthNote) {
            this(predictions, outputNames, report, classLabels, lengthNote, ClassDecision.MOST_PROBABLE);
        }

        public Result(List<Prediction> predictions, List<String> outputNames, DataReport report,
                List<String> classLabels) {
            this(predictions, outputNames, report, classLabels, null);
        }

        /** The class a classification row's probabilities name ({@link #decision}); null without one. */
        public String predictedClass(Prediction p) {
            return classLabels.isEmpty() || p.values() == null ? null : decision.decide(p.values(), classLabels);
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
    /** An ensemble's further members, each under the function tag's own name in a table of its own; else empty. */
    private final List<Member> members;
    /** The stored calibration, when the bank holds one and the caller wants it; else null. */
    private final CalibratedUncertainty calibrated;
    /** A calibrated protein task's training sequences, when the bank holds them and the caller wants them; else null. */
    private final ReferenceSequences reference;

    /** A further ensemble member: its tags and head, closed with the predictor. */
    private record Member(TagTable table, TaskHead head, TagModel model) {}

    private TagPredictor(LocalModel model, TagTable table, TaskHead head, TaskEntry task, HeadEntry headEntry,
            List<Member> members, CalibratedUncertainty calibrated, ReferenceSequences reference) {
        this.model = model;
        this.table = table;
        this.head = head;
        this.task = task;
        this.headEntry = headEntry;
        this.template = BankTensors.template(task);
        this.tagModel = head == null ? new TagModel(model.decoder(), table) : new TagModel(model.decoder(), table, head);
        this.members = members;
        this.calibrated = calibrated;
        this.reference = reference;
    }

    /**
     * @param functionTag the function tag to apply; null when the bank holds exactly one
     * @throws BankConflictException when the bank was trained on another base model
     */
    public static TagPredictor open(LocalModel model, TagBank bank, String functionTag)
            throws IOException, ModelFormatException, BankConflictException {
        return open(model, bank, functionTag, true);
    }

    /**
     * As {@link #open(LocalModel, TagBank, String)}; an ensemble always predicts its members' mean and spread.
     *
     * @param calibrated whether to give the intervals or sets and the applicability domain the bank's calibration
     *                   allows (nothing when it holds none)
     */
    public static TagPredictor open(LocalModel model, TagBank bank, String functionTag, boolean calibrated)
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
            List<Member> members = new ArrayList<>();
            try {
                List<String> names = bank.ensemble(tag).map(EnsembleEntry::members).orElse(List.of(tag));
                for (String name : names.subList(1, names.size())) {
                    members.add(member(model, bank, task, tag, name));
                }
                CalibratedUncertainty u = !calibrated || live == null ? null : bank.calibration(tag)
                        .map(c -> CalibratedUncertainty.of(c, head.entry(), !members.isEmpty())).orElse(null);
                ReferenceSequences reference = u == null ? null : bank.referenceSequences(tag).orElse(null);
                return new TagPredictor(model, table, live, task, head.entry(), List.copyOf(members), u, reference);
            } catch (RuntimeException e) {
                members.forEach(TagPredictor::close);
                if (live != null) {
                    live.close();
                }
                throw e;
            }
        } catch (RuntimeException e) {
            table.close();
            throw e;
        }
    }

    /** An ensemble member: its tag and head put under the function tag's name, so prompts encode alike. */
    private static Member member(LocalModel model, TagBank bank, TaskEntry task, String tag, String name) {
        TagTable table = TagTable.create(model.decoder());
        try {
            for (String domain : task.domainTags()) {
                BankTensors.loadTag(bank, domain, table, false);
            }
            FloatTensor vectors = bank.tag(name);
            table.put(new TagSpec(tag, TagKind.FUNCTION, (int) vectors.shape()[0]), vectors, false);
            Head h = bank.head(name).orElseThrow(() -> new IllegalArgumentException("ensemble member " + name
                    + " of " + bank.describe() + " has no head"));
            TaskHead live = BankTensors.restoreHead(BankTensors.renamed(h, tag), model.decoder().device());
            return new Member(table, live, new TagModel(model.decoder(), table, live));
        } catch (RuntimeException e) {
            table.close();
            throw e;
        }
    }

    private static void close(Member m) {
        try {
            m.head().close();
        } finally {
            m.table().close();
        }
    }

    /** Which uncertainty parts every predicted row carries (none for a plain bank without calibration). */
    public UncertaintyColumns uncertaintyColumns() {
        if (calibrated != null) {
            return calibrated.columns();
        }
        return members.isEmpty() ? UncertaintyColumns.NONE
                : new UncertaintyColumns(true, false, false, false, false, Double.NaN);
    }

    /** The training sequences of the sequence-identity domain; empty without them or without calibrated columns. */
    public Optional<ReferenceSequences> referenceSequences() {
        return Optional.ofNullable(reference);
    }

    /** The number of ensemble members (1 for a single function tag). */
    public int ensembleSize() {
        return 1 + members.size();
    }

    private static String onlyFunctionTag(TagBank bank) {
        // An ensemble's further members (<QED-m2> …) are parts of <QED>, not tags to apply on their own.
        List<String> tags = bank.tagNames(TagEntry.Kind.FUNCTION).stream().filter(t -> !bank.isEnsembleMember(t))
                .toList();
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
     * number (and duplicates are counted), then predicted by the same path as {@link #stream}, batched in input order
     * as this form always was; for small tables (tests, evaluation), as every outcome is held.
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
        PredictOptions options = new PredictOptions(maxTokens, batchSize, Math.max(batchSize, rows),
                Batching.PAD_TO_LONGEST, rows);
        Windows windows = new Windows(reading, () -> examples.hasNext() ? examples.next() : null, null, List.of(),
                null, options, progress, cancelled);
        for (List<Prediction> w; !(w = windows.next()).isEmpty(); ) {
            out.addAll(w);
        }
        windows.finish(); // the last report, also for no rows
        return new Result(out, outputNames(), dataset.report(), classLabels(),
                lengthNote(maxTokens, task.inputSettings()), classDecision());
    }

    /**
     * Predicts {@code data} a batch at a time, handing every row's outcome to {@code sink} in input order ({@link
     * #stream} with length-sorted batches); the report counts no duplicate inputs, which would need memory per row.
     *
     * @param maxTokens as for {@link #predict(DataSource, int, int)}
     * @return the report of the rows read
     * @throws PredictionCancelledException when {@code cancelled} turned true before every row had its outcome
     */
    public DataReport predict(DataSource data, int maxTokens, int batchSize, PredictionSink sink,
            PredictionProgress progress, BooleanSupplier cancelled) throws IOException, PredictionCancelledException {
        try (PredictionStream stream = stream(data, PredictOptions.of(maxTokens, batchSize), progress, cancelled)) {
            for (Prediction p; (p = stream.next()) != null; ) {
                sink.accept(p);
            }
            return stream.report();
        }
    }

    /**
     * THE prediction path: {@code data}'s rows are read a window at a time ({@link PredictOptions#window()}), the
     * window's usable rows predicted in batches ({@link PredictOptions#batching()}), and the outcomes handed out in
     * input order, each with every column of its row ({@link Prediction#fields()}). Memory is bounded by the window
     * however many rows; progress ({@link Throughput}: rows, rows/s, ETA, tokens) is reported after every batch;
     * {@code cancelled} is checked before each batch. The stream reads the input until closed.
     *
     * <p>One predictor may serve several streams one after another (e.g. the partitions of one Spark executor);
     * it is not meant to serve two at once.
     */
    public PredictionStream stream(DataSource data, PredictOptions options, PredictionProgress progress,
            BooleanSupplier cancelled) throws IOException {
        Reading reading = reading(options.maxTokens());
        RecordTap tap = new RecordTap();
        ExampleStream examples = reading.loader(false).stream(reading.columns(), tap.wrap(data.records()));
        Windows windows = new Windows(reading, examples::next, tap, examples.fileColumns(), examples, options,
                progress, cancelled);
        return new PredictionStream(windows);
    }

    /**
     * How a classification row's probabilities name its class: the decision threshold chosen on validation and
     * stored in the bank (two classes), else the most probable class. Every output's predicted class comes from here.
     */
    public ClassDecision classDecision() {
        return headEntry.type() == HeadEntry.Type.CLASSIFICATION ? ClassDecision.of(headEntry)
                : ClassDecision.MOST_PROBABLE;
    }

    /** The class labels of a classification head, in the order of its probabilities; empty otherwise. */
    public List<String> classLabels() {
        return headEntry.type() == HeadEntry.Type.CLASSIFICATION ? headEntry.classLabels() : List.of();
    }

    /** Whether the head writes text (a generation task) rather than values. */
    public boolean generates() {
        return head == null;
    }

    /** The function tag this predictor applies, e.g. {@code <QED>}. */
    public String functionTag() {
        return task.functionTag();
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
        Row forModel(Example e, Map<String, String> fields) {
            if (e.problem() != null || budget.fits(e.inputs())) {
                return new Row(e, e, null, fields);
            }
            Map<String, String> cut = budget.truncate(e.inputs());
            if (cut == null) {
                return new Row(e, new Example(e.row(), e.line(), e.inputs(), null, null, null, e.groups(),
                        LengthLimit.TOO_LONG + ": " + budget.tokens(e.inputs()) + " positions cannot be cut to "
                        + limitName), null, fields);
            }
            return new Row(e, new Example(e.row(), e.line(), cut, e.numericTarget(), e.label(), e.split(),
                    e.groups(), null), "cut to " + limitName + ": " + cutFields(e.inputs(), cut, budget), fields);
        }
    }

    /** A row as read, as the model reads it, and how it was cut (null when whole). */
    private record Row(Example read, Example forModel, String cutNote, Map<String, String> fields) {

        Prediction outcome(double[] values, String text) {
            return outcome(values, text, null);
        }

        Prediction outcome(double[] values, String text, RowUncertainty uncertainty) {
            return new Prediction(read.row(), read.inputs(), values, text, forModel.problem(), cutNote, fields,
                    uncertainty);
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

    /**
     * Reads a window of rows, predicts its usable ones in batches and returns every outcome in input order; the
     * engine of {@link #stream} and of the list form.
     */
    private final class Windows implements PredictionStream.Windows {

        private final Reading reading;
        private final Examples examples;
        private final RecordTap tap;
        private final List<String> inputColumns;
        private final ExampleStream stream;
        private final PredictOptions options;
        private final PredictionProgress progress;
        private final BooleanSupplier cancelled;
        private final BatchedReadout readout;
        private final long started = System.nanoTime();
        private long done;
        private long tokens;
        private long paddedTokens;

        /** @param tap the records' fields (null: a row carries only its inputs); @param stream closed with this */
        Windows(Reading reading, Examples examples, RecordTap tap, List<String> inputColumns, ExampleStream stream,
                PredictOptions options, PredictionProgress progress, BooleanSupplier cancelled) {
            this.reading = reading;
            this.examples = examples;
            this.tap = tap;
            this.inputColumns = List.copyOf(inputColumns);
            this.stream = stream;
            this.options = options;
            this.progress = progress;
            this.cancelled = cancelled;
            this.readout = new BatchedReadout(tagModel, model.tokenizer(), options.batchSize());
        }

        @Override
        public List<Prediction> next() throws IOException, PredictionCancelledException {
            List<Row> rows = new ArrayList<>();
            for (Example e; rows.size() < options.window() && (e = examples.next()) != null; ) {
                rows.add(reading.forModel(e, tap == null ? e.inputs() : tap.fields(e.row(), e.inputs())));
            }
            if (rows.isEmpty()) {
                return List.of();
            }
            Prediction[] out = new Prediction[rows.size()];
            List<TaggedSequence> sequences = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                Row row = rows.get(i);
                boolean usable = row.forModel().problem() == null;
                sequences.add(usable ? reading.encoder().prompt(template, row.forModel().inputs()) : null);
                if (!usable) {
                    out[i] = row.outcome(null, null);
                }
            }
            long inWindow = 0;
            for (int[] batch : WindowBatches.plan(sequences, options.batchSize(), options.batching())) {
                if (cancelled.getAsBoolean()) {
                    throw new PredictionCancelledException(done + inWindow, options.expectedRows());
                }
                List<TaggedSequence> part = new ArrayList<>(batch.length);
                int longest = 0;
                for (int i : batch) {
                    part.add(sequences.get(i));
                    tokens += sequences.get(i).length();
                    longest = Math.max(longest, sequences.get(i).length());
                }
                paddedTokens += (long) longest * batch.length;
                if (head == null) {
                    // Generation: greedy, one row at a time.
                    for (int k = 0; k < batch.length; k++) {
                        out[batch[k]] = rows.get(batch[k]).outcome(null, readout.answer(part.get(k), GENERATION));
                    }
                } else if (members.isEmpty() && calibrated == null) {
                    // A plain bank: exactly the values it always gave.
                    double[][] values = readout.headValues(part, rowsDone -> {});
                    for (int k = 0; k < batch.length; k++) {
                        out[batch[k]] = rows.get(batch[k]).outcome(values[k], null);
                    }
                } else {
                    Scored scored = score(part, options.batchSize());
                    for (int k = 0; k < batch.length; k++) {
                        Row row = rows.get(batch[k]);
                        out[batch[k]] = row.outcome(scored.values()[k], null, uncertainty(scored, k, row.forModel()));
                    }
                }
                inWindow += batch.length;
                report(done + inWindow);
            }
            done += rows.size();
            if (inWindow < rows.size()) {
                report(done); // the rows without a prediction
            }
            return Arrays.asList(out);
        }

        private void report(long rowsDone) {
            double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
            double rate = rowsDone / seconds;
            long expected = options.expectedRows();
            double eta = expected < 0 || rate == 0 ? -1 : Math.max(0, expected - rowsDone) / rate;
            progress.onThroughput(new Throughput(rowsDone, expected, rate, eta, tokens, paddedTokens));
        }

        /** The last report, with every row done (also for an empty input). */
        void finish() {
            report(done);
        }

        @Override
        public List<String> inputColumns() {
            return inputColumns;
        }

        @Override
        public DataReport report() {
            return stream == null ? null : stream.report();
        }

        @Override
        public void close() throws IOException {
            if (stream != null) {
                stream.close();
            }
        }
    }

    /**
     * What the members read out of some rows.
     *
     * @param values the prediction per row: the members' mean, or the single head's values
     * @param sd     the members' spread per row; null for a single function tag
     * @param states the first member's readout hidden state per row
     */
    record Scored(double[][] values, double[][] sd, float[][] states) {}

    /** Every member's values on the rows, and the first member's readout states. */
    Scored score(List<TaggedSequence> sequences, int batchSize) {
        double[][] values = new double[sequences.size()][];
        float[][] states = new float[sequences.size()][];
        double[][][] perMember = new double[members.size()][][];
        for (int start = 0; start < sequences.size(); start += batchSize) {
            TagBatch batch = TagBatch.of(sequences.subList(start, Math.min(sequences.size(), start + batchSize)),
                    TagBatch.Padding.RIGHT);
            TagModel.Readout r = tagModel.predictWithStates(batch);
            System.arraycopy(r.values(), 0, values, start, r.values().length);
            System.arraycopy(r.states(), 0, states, start, r.states().length);
        }
        for (int m = 0; m < members.size(); m++) {
            perMember[m] = new BatchedReadout(members.get(m).model(), model.tokenizer(), batchSize)
                    .headValues(sequences, rowsDone -> {});
        }
        if (members.isEmpty()) {
            return new Scored(values, null, states);
        }
        double[][] mean = new double[values.length][];
        double[][] sd = new double[values.length][];
        for (int i = 0; i < values.length; i++) {
            double[][] answers = new double[1 + members.size()][];
            answers[0] = values[i];
            for (int m = 0; m < members.size(); m++) {
                answers[m + 1] = perMember[m][i];
            }
            mean[i] = EnsembleSpread.mean(answers);
            sd[i] = EnsembleSpread.sd(answers);
        }
        return new Scored(mean, sd, states);
    }

    /**
     * The examples as the model reads them (cut to the bank's limit), leaving out rows it cannot read (a problem, too
     * long), for {@link #scoreExamples}.
     */
    List<Example> readable(List<Example> examples) {
        Reading reading = reading(BANK_LIMIT);
        List<Example> out = new ArrayList<>();
        for (Example e : examples) {
            Row row = reading.forModel(e, e.inputs());
            if (row.forModel().problem() == null) {
                out.add(row.forModel());
            }
        }
        return out;
    }

    /** {@link #score} of examples {@link #readable} returned. */
    Scored scoreExamples(List<Example> readable, int batchSize) {
        SequenceEncoder encoder = new SequenceEncoder(model.tokenizer(), table.specs());
        return score(readable.stream().map(e -> encoder.prompt(template, e.inputs())).toList(), batchSize);
    }

    HeadEntry headEntry() {
        return headEntry;
    }

    TaskEntry task() {
        return task;
    }

    /** The uncertainty of the i-th row of {@link #scoreExamples}. */
    RowUncertainty uncertaintyOf(Scored scored, int i, Example row) {
        return uncertainty(scored, i, row);
    }

    private RowUncertainty uncertainty(Scored scored, int i, Example row) {
        double[] sd = scored.sd() == null ? null : scored.sd()[i];
        if (calibrated == null) {
            return RowUncertainty.spread(CalibratedUncertainty.spreadOf(scored.values()[i], sd));
        }
        String field = calibrated.fingerprintField();
        return calibrated.score(scored.values()[i], sd, scored.states()[i],
                field == null ? null : row.inputs().get(field));
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

    /** One line when {@code maxTokens} is not the bank's own limit ({@link Result#lengthNote()}); null when it is. */
    public String lengthNote(int maxTokens) {
        return lengthNote(maxTokens, task.inputSettings());
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
            members.forEach(TagPredictor::close);
            if (head != null) {
                head.close();
            }
        } finally {
            table.close();
        }
    }
}
