package org.tagllm.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.memory.Workload;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.data.SkippedRecords;
import org.tagllm.knime.engine.data.read.RecordReader;
import org.tagllm.knime.engine.io.OutputPreflight;
import org.tagllm.knime.engine.method.Batching;
import org.tagllm.knime.engine.method.DataSource;
import org.tagllm.knime.engine.method.PredictOptions;
import org.tagllm.knime.engine.method.PredictionStream;
import org.tagllm.knime.engine.method.TagPredictor;
import org.tagllm.knime.engine.predict.PredictionColumns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tagllm predict}: a bank's function tag and head applied to a table, streamed row by row. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Apply a bank's function tag and head (from 'train' or 'compose') to a table whose columns are "
                + "named as the task's inputs. Rows are streamed: a window of rows is read, predicted and written, "
                + "then the next, so memory stays flat however many rows. Writes: row, every input column (or those "
                + "of --keep), one column per prediction value (named after the function tag, e.g. QED; P(class) per "
                + "class; or the generated text), 'predicted_class' for classification (the most probable class), "
                + "'problem' for rows that could not be predicted and 'truncated' for rows cut to fit. The output "
                + "appears under its name when complete (until then OUT.part). Progress goes to standard error, the "
                + "summary to standard output."})
final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--bank", required = true, paramLabel = "DIR", description = "Bank with the function tag, its head and task.")
    Path bank;

    @Option(names = "--function-tag", paramLabel = "TAG", description = "Which function tag (when the bank holds several).")
    String functionTag;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "Rows to predict: CSV, TSV, Parquet, an SD file (its data items are columns), FASTA or one "
            + "value a line.")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Predictions: .csv, .tsv, .parquet (typed columns) or .sdf (molecules from the smiles column, "
            + "every other column a data item).")
    Path out;

    @Option(names = "--join", paramLabel = "ID=FILE:COL[,COL]",
            description = "Join a pair table's id column with a lookup table of the same key column, bringing in the "
                    + "named columns (repeatable), e.g. 'drug_idx=davis_drugs.csv:smiles'.")
    List<String> joins = new ArrayList<>();

    @Option(names = "--keep", paramLabel = "COLS", split = ",",
            description = "Input columns written beside the predictions, in this order (default: every column).")
    List<String> keep;

    @Option(names = "--max-tokens", paramLabel = "N",
            description = "Positions per row at most, instead of the limit the bank was trained with (the default; "
                    + TagPredictor.LEGACY_MAX_TOKENS + " for banks that record none). Longer inputs are cut for the "
                    + "model, flagged in column 'truncated' and written whole.")
    Integer maxTokens;

    @Option(names = "--no-uncertainty", description = "Leave out the interval or prediction set and the applicability "
            + "domain columns a calibrated bank gives (an ensemble's mean and sd stay).")
    boolean noUncertainty;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "32", description = "Rows per forward pass (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--window", paramLabel = "N",
            description = "Rows read and predicted at once (default: " + PredictOptions.WINDOW_BATCHES
                    + " batches); memory is bounded by it.")
    Integer window;

    @Option(names = "--batching", paramLabel = "MODE", defaultValue = "by-length",
            converter = BatchingConverter.class,
            description = "by-length (rows of like token length batched together within the window; less padding) "
                    + "or pad-to-longest (batches in input order). Outcomes are written in input order either way. "
                    + "Default: ${DEFAULT-VALUE}.")
    Batching batching;

    @Option(names = "--resume",
            description = "Continue a killed run with the same options from the last window fully written to OUT.part; "
                    + "the result is byte for byte what an uninterrupted run writes. Without a .part file, starts "
                    + "afresh.")
    boolean resume;

    @Override
    public Integer call() throws Exception {
        OutputPreflight.file(out); // before the model loads and every row is predicted
        OutputFormat format = OutputFormat.of(out);
        if (maxTokens != null && maxTokens < 2) {
            throw new IllegalArgumentException("--max-tokens " + maxTokens + ": a row needs at least 2 positions");
        }
        if (batch < 1) {
            throw new IllegalArgumentException("--batch " + batch + ": a batch needs at least one row");
        }
        int rowsInFlight = window != null ? window : batch * PredictOptions.WINDOW_BATCHES;
        if (rowsInFlight < batch) {
            throw new IllegalArgumentException("--window " + rowsInFlight + ": must hold at least one batch ("
                    + batch + " rows)");
        }
        int limit = maxTokens == null ? TagPredictor.BANK_LIMIT : maxTokens;
        PredictOptions options = new PredictOptions(limit, batch, rowsInFlight, batching, -1);
        Path part = out.resolveSibling(out.getFileName() + ".part");
        Path statePath = ResumeState.of(part);
        String settings = settings(rowsInFlight);
        ResumeState state = resume ? ResumeState.read(statePath) : null;
        if (state != null && !format.unfinished(part)) {
            state = null;
        }
        if (state != null && !state.settings().equals(settings)) {
            throw new IllegalArgumentException("--resume: " + part + " was written with other options (" + state
                    .settings() + "); run with those, or without --resume to start over");
        }
        TagBank tags = TagBank.read(bank);
        long written = state == null ? 0 : state.rows();
        long failed = 0;
        long truncated = 0;
        try (var threads = model.threads();
                LocalModel lm = model.open(Workload.prediction(batch, maxTokens != null && maxTokens > 1 ? maxTokens
                        : TagPredictor.LEGACY_MAX_TOKENS), spec.commandLine().getErr());
                TagPredictor predictor = TagPredictor.open(lm, tags, functionTag, !noUncertainty);
                TrainingProgressBar progress = new TrainingProgressBar("predict", spec.commandLine().getErr())) {
            DataSource source = JoinOption.source(data, joins);
            if (written > 0) {
                source = new DataSource(source.name(), new SkippedRecords(source.records(), written), source.file());
                spec.commandLine().getErr().println("predict: resuming " + part + " after row " + written);
            }
            if (ParquetFormat.isParquet(data)) {
                ParquetFormat.requireTextInputs(data, tags.task(predictor.functionTag()).orElseThrow());
            }
            if (predictor.lengthNote(limit) != null) {
                spec.commandLine().getErr().println("predict: " + predictor.lengthNote(limit));
            }
            long rows = written + countRecords(source, progress);
            try (PredictionStream stream = predictor.stream(source, options.withExpectedRows(rows), progress,
                    () -> false)) {
                PredictionColumns columns = PredictionColumns.builder(predictor, kept(stream.inputColumns())).build();
                try (PredictionOutput output = format.open(part, columns, state != null, state == null ? 0
                        : state.bytes())) {
                    long index = written;
                    for (TagPredictor.Prediction p; (p = stream.next()) != null; ) {
                        output.write(columns.cells(p, index++));
                        failed += p.problem() != null ? 1 : 0;
                        truncated += p.truncated() != null ? 1 : 0;
                        if (index % rowsInFlight == 0) {
                            ResumeState.Point at = output.checkpoint(index);
                            new ResumeState(at.rows(), at.bytes(), settings).write(statePath);
                        }
                    }
                    written = index;
                }
            }
        }
        Files.move(part, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        format.discardStaging(part);
        Files.deleteIfExists(statePath);
        spec.commandLine().getOut().printf("predicted %d of %d rows (%d with a problem, see column 'problem'; "
                + "%d cut to fit, see column 'truncated'); wrote %s%n", written - failed, written, failed,
                truncated, out);
        return ExitCodes.OK;
    }

    /**
     * The input's records, counted in a first pass that only splits them into fields (seconds for millions of rows,
     * against the model's minutes), so progress can show the share done and the time left.
     */
    private static long countRecords(DataSource source, TrainingProgressBar progress) throws IOException {
        long n = 0;
        try (RecordReader records = source.records().open()) {
            while (records.hasNext()) {
                records.next();
                if (++n % 100_000 == 0) {
                    progress.onReading(n);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        progress.onReading(n);
        return n;
    }

    /** The input columns to write: all, or those of {@code --keep}, each of which the input must have. */
    private List<String> kept(List<String> inputColumns) {
        if (keep == null) {
            return inputColumns;
        }
        for (String c : keep) {
            if (!inputColumns.contains(c)) {
                throw new IllegalArgumentException("--keep " + String.join(",", keep) + ": " + data + " has no column '"
                        + c + "'; it has " + String.join(", ", inputColumns));
            }
        }
        return keep;
    }

    /** What a resumed run must share with the run it continues to write the same bytes. */
    private String settings(int rowsInFlight) {
        return String.join("|", Arrays.asList(data.toAbsolutePath().normalize().toString(),
                bank.toAbsolutePath().normalize().toString(), model.dir.toAbsolutePath().normalize().toString(),
                String.valueOf(functionTag), String.valueOf(joins), String.valueOf(keep), String.valueOf(maxTokens),
                "batch " + batch, "window " + rowsInFlight, batching.name(), "threads " + model.threads));
    }

    /** {@code by-length} / {@code pad-to-longest}. */
    static final class BatchingConverter implements picocli.CommandLine.ITypeConverter<Batching> {
        @Override
        public Batching convert(String value) {
            for (Batching b : Batching.values()) {
                if (b.name().replace('_', '-').equalsIgnoreCase(value)) {
                    return b;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("'" + value
                    + "' is not a batching mode; use by-length or pad-to-longest");
        }
    }
}
