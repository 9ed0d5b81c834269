package org.tagllm.knime.engine.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongConsumer;
import org.tagllm.knime.engine.data.read.DataFileException;
import org.tagllm.knime.engine.data.read.ReaderFactory;
import org.tagllm.knime.engine.data.read.ReaderOptions;
import org.tagllm.knime.engine.data.read.RecordReader;
import org.tagllm.knime.engine.data.read.RecordReaders;

/**
 * Loads a table as examples: reads it, maps its columns, normalises inputs by kind, parses targets strictly, holds
 * examples to the model's length limit, and deals with bad rows by the run's policy. Every run ends with a
 * {@link DataReport} that accounts for every row.
 *
 * <pre>{@code
 * DatasetLoader loader = DatasetLoader.builder().badRows(BadRowPolicy.SKIP)
 *         .lengthLimit(new LengthLimit(new TokenBudget(counter, 3, 512), LengthPolicy.TRUNCATE)).build();
 * Dataset esol = loader.load(TableSpec.of(Path.of("esol.csv"),
 *         ColumnMapping.builder().input("smiles", ColumnKind.SMILES).numericTarget("log_solubility").build()));
 * }</pre>
 */
public final class DatasetLoader {

    private final BadRowPolicy badRows;
    private final NormalizerRegistry normalizers;
    private final RecordReaders readers;
    private final LengthLimit lengthLimit;
    private final boolean trackDuplicates;
    private final SplitValues splitValues;

    private DatasetLoader(Builder b) {
        this.badRows = b.badRows;
        this.normalizers = b.normalizers;
        this.readers = b.readers;
        this.lengthLimit = b.lengthLimit;
        this.trackDuplicates = b.trackDuplicates;
        this.splitValues = b.splitValues;
    }

    /** Examples between two reports of {@link #load(TableSpec, ReaderFactory, LongConsumer)}. */
    static final int REPORT_EVERY = 256;

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Opens the table for reading one example at a time.
     *
     * @throws IllegalArgumentException when the mapping names a column the file does not have (the message lists the
     *     ones it has) or the file's format cannot be read
     * @throws DataFileException when the file does not start as its format requires (e.g. no header)
     */
    public ExampleStream stream(TableSpec spec) throws IOException {
        return stream(spec, readers::read);
    }

    /**
     * Opens the table with {@code reader} instead of the reader its extension picks, e.g. a {@link PairTableJoiner}
     * that joins a pair table with the tables its ids point into.
     *
     * @throws IllegalArgumentException when the mapping names a column the records do not have
     * @throws DataFileException when the file does not start as its format requires
     */
    public ExampleStream stream(TableSpec spec, ReaderFactory reader) throws IOException {
        return stream(spec.columns(), spec.options().charset().name(),
                () -> reader.open(spec.file(), spec.options()));
    }

    /**
     * Opens the records of {@code source}, a table that need not be a file (e.g. {@link RowRecords}), for reading one
     * example at a time.
     *
     * @throws IllegalArgumentException when the mapping names a column the records do not have
     */
    public ExampleStream stream(ColumnMapping columns, RecordSource source) throws IOException {
        return stream(columns, ReaderOptions.defaults().charset().name(), source);
    }

    /** The whole table of {@code source} in memory, telling {@code rowsRead} how far it got (see below). */
    public Dataset load(ColumnMapping columns, RecordSource source, LongConsumer rowsRead) throws IOException {
        try (ExampleStream stream = stream(columns, source)) {
            return collect(stream, rowsRead);
        }
    }

    private ExampleStream stream(ColumnMapping columns, String charset, RecordSource source) throws IOException {
        RecordReader records = source.open();
        try {
            requireColumns(records, columns);
            if (splitValues != null && !splitValues.column().equals(columns.split())) {
                throw new IllegalArgumentException("the split values are for column '" + splitValues.column()
                        + "', but the mapping's split column is '" + columns.split() + "'");
            }
            ExampleBuilder builder = new ExampleBuilder(columns, normalizers, charset, splitValues);
            return new ExampleStream(records, builder, badRows, lengthLimit,
                    trackDuplicates ? new DuplicateTracker() : null);
        } catch (RuntimeException e) {
            records.close();
            throw e;
        }
    }

    /** The whole table in memory. */
    public Dataset load(TableSpec spec) throws IOException {
        return load(spec, readers::read);
    }

    /** The whole table in memory, telling {@code rowsRead} how far it got (see below). */
    public Dataset load(TableSpec spec, LongConsumer rowsRead) throws IOException {
        return load(spec, readers::read, rowsRead);
    }

    /** The whole table in memory, opened with {@code reader} (see {@link #stream(TableSpec, ReaderFactory)}). */
    public Dataset load(TableSpec spec, ReaderFactory reader) throws IOException {
        return load(spec, reader, rows -> {});
    }

    /**
     * As {@link #load(TableSpec, ReaderFactory)}, telling {@code rowsRead} the number of examples read so far: at the
     * start, every {@value #REPORT_EVERY} examples and at the end, for a progress display.
     */
    public Dataset load(TableSpec spec, ReaderFactory reader, LongConsumer rowsRead) throws IOException {
        try (ExampleStream stream = stream(spec, reader)) {
            return collect(stream, rowsRead);
        }
    }

    private static Dataset collect(ExampleStream stream, LongConsumer rowsRead) throws IOException {
        List<Example> examples = new ArrayList<>();
        rowsRead.accept(0);
        for (Example e; (e = stream.next()) != null; ) {
            examples.add(e);
            if (examples.size() % REPORT_EVERY == 0) {
                rowsRead.accept(examples.size());
            }
        }
        rowsRead.accept(examples.size());
        return new Dataset(examples, stream.report());
    }

    private static void requireColumns(RecordReader records, ColumnMapping mapping) {
        List<String> available = records.columns();
        Set<String> missing = new TreeSet<>(mapping.referencedColumns());
        missing.removeAll(available);
        if (missing.isEmpty()) {
            return;
        }
        StringBuilder m = new StringBuilder(records.source()).append(" has no column ");
        m.append(String.join(", ", missing.stream().map(c -> "'" + c + "'" + suggestion(c, available)).toList()));
        m.append("; its columns are: ").append(String.join(", ", available));
        if (available.size() == 1 && available.get(0).matches(".*[;,\t|].*")) {
            m.append(" (one column: is the delimiter another character? set it in the reader options)");
        }
        throw new IllegalArgumentException(m.toString());
    }

    private static String suggestion(String wanted, List<String> available) {
        for (String a : available) {
            if (a.equalsIgnoreCase(wanted)) {
                return " (did you mean '" + a + "'?)";
            }
        }
        return "";
    }

    /** Options of a loader; every one has a default. */
    public static final class Builder {
        private BadRowPolicy badRows = BadRowPolicy.SKIP;
        private NormalizerRegistry normalizers = NormalizerRegistry.defaults();
        private RecordReaders readers = RecordReaders.standard();
        private LengthLimit lengthLimit;
        private boolean trackDuplicates = true;
        private SplitValues splitValues;

        private Builder() {}

        /** Default {@link BadRowPolicy#SKIP}. */
        public Builder badRows(BadRowPolicy policy) {
            this.badRows = policy;
            return this;
        }

        /** Default {@link NormalizerRegistry#defaults()}. */
        public Builder normalizers(NormalizerRegistry registry) {
            this.normalizers = registry;
            return this;
        }

        /** Default {@link RecordReaders#standard()}. */
        public Builder readers(RecordReaders registry) {
            this.readers = registry;
            return this;
        }

        /** Default none: no length limit. */
        public Builder lengthLimit(LengthLimit limit) {
            this.lengthLimit = limit;
            return this;
        }

        /**
         * Default on. Counting duplicate inputs keeps about 32 bytes per distinct input; turn it off to stream a file
         * of any length in flat memory.
         */
        public Builder trackDuplicates(boolean track) {
            this.trackDuplicates = track;
            return this;
        }

        /**
         * Default none: any value of the split column passes (the splitter reports the ones it cannot place). With a
         * given split, a row whose split value it does not know is a bad row ({@value SplitValues#UNKNOWN}, naming
         * the allowed values), dealt with by the bad-row policy.
         */
        public Builder splitValues(SplitValues values) {
            this.splitValues = values;
            return this;
        }

        public DatasetLoader build() {
            if (badRows == null || normalizers == null || readers == null) {
                throw new IllegalArgumentException("bad-row policy, normalisers and readers must not be null");
            }
            return new DatasetLoader(this);
        }
    }
}
