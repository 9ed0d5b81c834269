package org.tagllm.knime.engine.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.tagllm.knime.engine.data.read.DataFileException;
import org.tagllm.knime.engine.data.read.RecordReader;
import org.tagllm.knime.engine.data.read.SourceRecord;

/**
 * The examples of one table, one at a time, in file order; memory stays flat however long the file (apart from the
 * duplicate count, see {@link DatasetLoader.Builder#trackDuplicates}). Made by {@link DatasetLoader#stream}.
 *
 * <pre>{@code
 * try (ExampleStream examples = loader.stream(spec)) {
 *     for (Example e; (e = examples.next()) != null; ) {
 *         ...
 *     }
 *     DataReport report = examples.report();
 * }
 * }</pre>
 */
public final class ExampleStream implements AutoCloseable {

    private final RecordReader records;
    private final ExampleBuilder builder;
    private final BadRowPolicy badRows;
    private final LengthLimit lengthLimit;
    private final DuplicateTracker duplicates;
    private final ReportBuilder report;
    private final List<String> columns;

    ExampleStream(RecordReader records, ExampleBuilder builder, BadRowPolicy badRows, LengthLimit lengthLimit,
            DuplicateTracker duplicates) {
        this.records = records;
        this.builder = builder;
        this.badRows = badRows;
        this.lengthLimit = lengthLimit;
        this.duplicates = duplicates;
        this.report = new ReportBuilder(records.source());
        this.columns = records.columns();
    }

    /** The file's columns, e.g. its CSV header. */
    public List<String> fileColumns() {
        return columns;
    }

    /**
     * The next example, or {@code null} after the last.
     *
     * @throws BadRowException at the first bad row under {@link BadRowPolicy#FAIL}, or the first too-long row under
     *     {@link LengthPolicy#FAIL}
     * @throws DataFileException when the rest of the file cannot be read (e.g. a quote never closed)
     */
    public Example next() throws IOException {
        for (SourceRecord record; (record = nextRecord()) != null; ) {
            report.read();
            ExampleBuilder.Row row = builder.build(record);
            if (!row.isBad() && lengthLimit != null && !lengthLimit.budget().fits(row.inputs())) {
                row = holdToLengthLimit(row);
                if (row == null) {
                    continue;
                }
            }
            if (row.isBad()) {
                switch (badRows) {
                    case FAIL -> throw new BadRowException(records.source(), row.problems().get(0),
                            row.problems().size());
                    case SKIP -> {
                        report.skipped(row.problems());
                        continue;
                    }
                    case KEEP -> report.kept(row.problems());
                }
                return row.toExample();
            }
            report.used(row.truncated());
            if (duplicates != null) {
                duplicates.add(Fingerprint.of(row.inputs().values()), targetFingerprint(row));
            }
            return row.toExample();
        }
        return null;
    }

    /** The row cut to fit, or marked bad when it cannot be; {@code null} when the policy skips it. */
    private ExampleBuilder.Row holdToLengthLimit(ExampleBuilder.Row row) throws BadRowException {
        TokenBudget budget = lengthLimit.budget();
        switch (lengthLimit.policy()) {
            case FAIL -> throw new BadRowException(records.source(), tooLong(row), 1);
            case SKIP -> {
                report.skipped(List.of(tooLong(row)));
                return null;
            }
            default -> {
                Map<String, String> cut = budget.truncate(row.inputs());
                if (cut != null) {
                    return row.truncatedTo(cut);
                }
                return row.withProblem(new Problem(row.record().number(), row.record().line(), null, null,
                        LengthLimit.TOO_LONG, "cannot be cut to fit: " + row.inputs().size() + " input values and "
                                + DataReport.count(budget.maxTokens() - budget.overheadTokens(), "token")
                                + " for them"));
            }
        }
    }

    /** The report so far; complete once {@link #next()} has returned {@code null}. */
    public DataReport report() {
        report.blankLines(records.blankLines());
        if (duplicates != null) {
            report.duplicates(duplicates.duplicates(), duplicates.conflicts());
        }
        return report.build();
    }

    private SourceRecord nextRecord() throws IOException {
        try {
            return records.hasNext() ? records.next() : null;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The problem of a row over the limit, shown by its longest value. */
    private Problem tooLong(ExampleBuilder.Row row) {
        Map<String, String> inputs = row.inputs();
        String longest = null;
        for (Map.Entry<String, String> e : inputs.entrySet()) {
            if (longest == null || e.getValue().length() > inputs.get(longest).length()) {
                longest = e.getKey();
            }
        }
        TokenBudget budget = lengthLimit.budget();
        return new Problem(row.record().number(), row.record().line(), longest, inputs.get(longest),
                LengthLimit.TOO_LONG, budget.tokens(inputs) + " tokens; the limit is " + budget.maxTokens());
    }

    private static long targetFingerprint(ExampleBuilder.Row row) {
        if (row.numericTarget() != null) {
            return Fingerprint.of(row.numericTarget());
        }
        return row.label() != null ? Fingerprint.of(row.label()) : 0;
    }

    @Override
    public void close() throws IOException {
        records.close();
    }
}
