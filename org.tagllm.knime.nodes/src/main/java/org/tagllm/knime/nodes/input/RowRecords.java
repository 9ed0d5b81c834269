package org.tagllm.knime.nodes.input;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.tagllm.knime.engine.chem.InvalidMoleculeException;
import org.tagllm.knime.engine.data.read.ParseError;
import org.tagllm.knime.engine.data.read.RecordReader;
import org.tagllm.knime.engine.data.RecordSource;
import org.tagllm.knime.engine.method.DataSource;
import org.tagllm.knime.nodes.table.ColumnSpec;
import org.tagllm.knime.nodes.table.Row;
import org.tagllm.knime.nodes.table.RowInput;
import org.tagllm.knime.nodes.table.RowStream;
import org.tagllm.knime.nodes.table.TableShape;

/**
 * Some columns of a {@link RowInput} served as the engine's records (through the engine's rows-to-records adapter,
 * {@link org.tagllm.knime.engine.data.RowRecords}), so that a {@link DataSource} reads a node's input table without a
 * file. Every row becomes one record, numbered from 1 in table order (record n is row n-1), so the engine's row
 * numbers in predictions and reports lead back to row keys ({@link #key(long)}). Cells are written by
 * {@link CellText}; an SDF cell CDK cannot read becomes a record the engine reports as unreadable, with CDK's reason.
 */
public final class RowRecords implements RecordSource {

    /** {@link ParseError#reason()} of an SDF cell that holds no readable molecule. */
    public static final String UNREADABLE_MOLECULE = "unreadable mol block";

    private final RowInput input;
    private final List<ColumnSpec> columns;
    private final int[] indexes;
    private final List<String> keys = new ArrayList<>();
    private final org.tagllm.knime.engine.data.RowRecords<Row> records;

    /**
     * @param source  the table as named in the engine's messages, e.g. {@code input table}
     * @param columns the columns to serve, by name
     * @throws IllegalArgumentException when a column is not in the table (listing the ones it has)
     */
    public RowRecords(RowInput input, String source, List<String> columns) {
        this.input = input;
        TableShape shape = input.shape();
        this.columns = columns.stream().distinct().map(shape::column).toList();
        this.indexes = this.columns.stream().mapToInt(c -> shape.index(c.name())).toArray();
        try (RowInput.RowIterator it = input.rows()) {
            it.forEachRemaining(r -> keys.add(r.key()));
        }
        this.records = new org.tagllm.knime.engine.data.RowRecords<>(source, columnNames(), this::rows, this::cells);
    }

    /** The table as a data source named {@code input table}; no file is opened or written. */
    public DataSource dataSource() {
        return DataSource.of(INPUT_TABLE, this);
    }

    /**
     * The table as a data source whose bytes are {@code snapshot} ({@link #writeCsv}), named by it: a trained bank's
     * provenance records the snapshot's path and SHA-256. The records are still read from the table.
     */
    public DataSource dataSource(Path snapshot) {
        return new DataSource(snapshot.toString(), this, snapshot);
    }

    /** The name of a node's input table in the engine's messages. */
    public static final String INPUT_TABLE = "input table";

    /** The key of the row behind record {@code number} (1-based). */
    public String key(long number) {
        return keys.get(Math.toIntExact(number - 1));
    }

    public int size() {
        return keys.size();
    }

    /** The served column names. */
    public List<String> columnNames() {
        return columns.stream().map(ColumnSpec::name).toList();
    }

    @Override
    public RecordReader open() {
        return records.open();
    }

    /**
     * Writes the records as a CSV file (header, then one line per record; an unreadable molecule as its mol block):
     * a snapshot of exactly what the engine reads, for the bank's provenance (name and SHA-256 of its data).
     */
    public void writeCsv(Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT)) {
            csv.printRecord(columnNames());
            try (RowInput.RowIterator it = input.rows()) {
                while (it.hasNext()) {
                    Row row = it.next();
                    List<String> values = new ArrayList<>(indexes.length);
                    for (int i = 0; i < indexes.length; i++) {
                        try {
                            values.add(CellText.of(row.cell(indexes[i]), columns.get(i).type()));
                        } catch (InvalidMoleculeException e) {
                            values.add(String.valueOf(row.cell(indexes[i])));
                        }
                    }
                    csv.printRecord(values);
                }
            }
        }
    }

    /** The table's rows in order, closing the table's iterator with the stream. */
    private Stream<Row> rows() {
        RowInput.RowIterator it = input.rows();
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED), false)
                .onClose(it::close);
    }

    private org.tagllm.knime.engine.data.RowRecords.Cells cells(Row row) {
        return cells(columns, indexes, row);
    }

    /**
     * Some columns of rows read once as they stream by (a streaming executor's input), as the engine's records; each
     * row is handed to {@code seen} as it is read, so the caller can put the prediction beside it.
     *
     * @param rows opened once: the rows can be read only once
     */
    public static org.tagllm.knime.engine.data.RowRecords<Row> streamed(TableShape shape, String source,
            List<String> columns, RowStream rows, java.util.function.Consumer<Row> seen) {
        List<ColumnSpec> specs = columns.stream().distinct().map(shape::column).toList();
        int[] indexes = specs.stream().mapToInt(c -> shape.index(c.name())).toArray();
        java.util.concurrent.atomic.AtomicBoolean opened = new java.util.concurrent.atomic.AtomicBoolean();
        return new org.tagllm.knime.engine.data.RowRecords<>(source, specs.stream().map(ColumnSpec::name).toList(),
                () -> {
                    if (opened.getAndSet(true)) {
                        throw new IllegalStateException(source + " streams by once and cannot be read again");
                    }
                    return Stream.generate(() -> poll(rows)).takeWhile(java.util.Objects::nonNull).peek(seen);
                }, row -> cells(specs, indexes, row));
    }

    private static Row poll(RowStream rows) {
        try {
            return rows.poll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the next row", e);
        }
    }

    private static org.tagllm.knime.engine.data.RowRecords.Cells cells(List<ColumnSpec> columns, int[] indexes,
            Row row) {
        List<String> values = new ArrayList<>(indexes.length);
        for (int i = 0; i < indexes.length; i++) {
            ColumnSpec c = columns.get(i);
            try {
                values.add(CellText.of(row.cell(indexes[i]), c.type()));
            } catch (InvalidMoleculeException e) {
                return org.tagllm.knime.engine.data.RowRecords.Cells.unreadable(new ParseError(UNREADABLE_MOLECULE,
                        "column '" + c.name() + "' of row " + row.key() + ": " + e.reason(),
                        String.valueOf(row.cell(indexes[i]))));
            }
        }
        return org.tagllm.knime.engine.data.RowRecords.Cells.of(values);
    }
}
