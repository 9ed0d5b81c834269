package org.tagllm.knime.engine.data;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.tagllm.knime.engine.data.read.AbstractRecordReader;
import org.tagllm.knime.engine.data.read.ParseError;
import org.tagllm.knime.engine.data.read.RecordReader;
import org.tagllm.knime.engine.data.read.SourceRecord;

/**
 * The rows of a table that is no file — a node's input table, a Spark partition — served as records, so that the
 * loader reads them as it reads a file. Every row becomes one record, numbered from 1 in table order (record n is row
 * n-1); a table has no lines, so a record's line is its number and messages name the row. How a row's cells become
 * text is the caller's ({@code cells}); a row it cannot read becomes a record with a {@link ParseError}, which the
 * loader treats as a bad row.
 *
 * <pre>{@code
 * RecordSource records = new RowRecords<>("partition 3", List.of("smiles"), () -> rows.stream(),
 *         row -> RowRecords.Cells.of(List.of(row.getString(0))));
 * }</pre>
 *
 * @param <R> the caller's row type
 */
public final class RowRecords<R> implements RecordSource {

    /** One row's cells as text in the order of the columns, or why the row cannot be read. */
    public record Cells(List<String> values, ParseError error) {

        public static Cells of(List<String> values) {
            return new Cells(values, null);
        }

        public static Cells unreadable(ParseError error) {
            return new Cells(null, error);
        }
    }

    private final String source;
    private final List<String> columns;
    private final Supplier<? extends Stream<R>> rows;
    private final Function<R, Cells> cells;

    /**
     * @param source  the table as named in messages, e.g. {@code input table}
     * @param columns the names of the served columns
     * @param rows    opens the rows afresh, in table order; the stream is closed when reading ends
     * @param cells   a row's cells as text, one per column
     */
    public RowRecords(String source, List<String> columns, Supplier<? extends Stream<R>> rows,
            Function<R, Cells> cells) {
        this.source = source;
        this.columns = List.copyOf(columns);
        this.rows = rows;
        this.cells = cells;
    }

    @Override
    public RecordReader open() {
        return new Reader(rows.get());
    }

    private final class Reader extends AbstractRecordReader {

        private final Stream<R> stream;
        private final Iterator<R> it;

        Reader(Stream<R> stream) {
            super(source);
            this.stream = stream;
            this.it = stream.iterator();
        }

        @Override
        protected SourceRecord read() {
            if (!it.hasNext()) {
                return null;
            }
            Cells row = cells.apply(it.next());
            long number = nextRecordNumber();
            if (row.error() != null) {
                return new SourceRecord(number, number, Map.of(), row.error());
            }
            if (row.values().size() != columns.size()) {
                throw new IllegalStateException("row " + number + " of " + source + " has " + row.values().size()
                        + " values for the " + columns.size() + " columns " + columns);
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                fields.put(columns.get(i), row.values().get(i));
            }
            return new SourceRecord(number, number, fields, null);
        }

        @Override
        public List<String> columns() {
            return columns;
        }

        @Override
        public long blankLines() {
            return 0; // rows have no lines
        }

        @Override
        public void close() {
            stream.close();
        }
    }
}
