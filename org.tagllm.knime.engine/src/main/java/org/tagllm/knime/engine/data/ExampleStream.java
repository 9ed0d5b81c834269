package org.tagllm.knime.engine.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

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
        while (true) {
            SourceRecord record = nextRecord();
            if (record == null) {
                return null;
            }
            report.read();
            ExampleBuilder.Row row = builder.build(record);
            Map<String, String> inputs = row.inputs();
            boolean truncated = false;
            if (!row.isBad() && lengthLimit != null && !lengthLimit.budget().fits(inputs)) {
                Problem tooLong = tooLong(record, inputs);
                switch (lengthLimit.policy()) {
                    case FAIL -> throw new BadRowException(records.source(), tooLong, 1);
                    case SKIP -> {
                        report.skipped(List.of(tooLong));
                        continue;
                    }
                    case TRUNCATE -> {
                        inputs = lengthLimit.budget().truncate(inputs);
                        truncated = inputs != null;
                        if (!truncated) {
                            inputs = row.inputs();
                            row = withProblem(row, new Problem(record.number(), record.line(), null, null,
                                    LengthLimit.TOO_LONG, "cannot be cut to fit: " + inputs.size() + " input values "
                                            + "and " + spareTokens() + " tokens for them"));
                        }
                    }
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
                    case KEEP -> {
                        report.kept(row.problems());
                        return row.toExample(inputs);
                    }
                }
            }
            report.used(truncated);
            if (duplicates != null) {
                duplicates.add(Fingerprint.of(inputs.values()), targetFingerprint(row));
            }
            return row.toExample(inputs);
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

    private Problem tooLong(SourceRecord record, Map<String, String> inputs) {
        TokenBudget budget = lengthLimit.budget();
        String longest = null;
        for (Map.Entry<String, String> e : inputs.entrySet()) {
            if (longest == null || e.getValue().length() > inputs.get(longest).length()) {
                longest = e.getKey();
            }
        }
        return new Problem(record.number(), record.line(), longest, inputs.get(longest), LengthLimit.TOO_LONG,
                budget.tokens(inputs) + " tokens; the limit is " + budget.maxTokens());
    }

    private int spareTokens() {
        return lengthLimit.budget().maxTokens() - lengthLimit.budget().overheadTokens();
    }

    private static ExampleBuilder.Row withProblem(ExampleBuilder.Row row, Problem problem) {
        return new ExampleBuilder.Row(row.record(), row.inputs(), row.numericTarget(), row.label(), row.split(),
                row.groups(), List.of(problem));
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
