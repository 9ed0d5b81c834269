package org.tagllm.knime.nodes.input;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.tagllm.knime.engine.chem.InvalidMoleculeException;
import org.tagllm.knime.engine.data.read.ParseError;
import org.tagllm.knime.engine.data.read.ReaderFactory;
import org.tagllm.knime.engine.data.read.ReaderOptions;
import org.tagllm.knime.engine.data.read.RecordReader;
import org.tagllm.knime.engine.data.read.SourceRecord;
import org.tagllm.knime.engine.method.DataSource;
import org.tagllm.knime.nodes.table.ColumnSpec;
import org.tagllm.knime.nodes.table.Row;
import org.tagllm.knime.nodes.table.RowInput;
import org.tagllm.knime.nodes.table.TableShape;

/**
 * Some columns of a {@link RowInput} served as the engine's records, so that a {@link DataSource} reads a node's
 * input table without a file. Every row becomes one record, numbered from 1 in table order (record n is row n-1), so
 * the engine's row numbers in predictions and reports lead back to row keys ({@link #key(long)}). Cells are written
 * by {@link CellText}; an SDF cell CDK cannot read becomes a record the engine reports as unreadable, with CDK's
 * reason.
 */
public final class RowRecords implements ReaderFactory {

    /** {@link ParseError#reason()} of an SDF cell that holds no readable molecule. */
    public static final String UNREADABLE_MOLECULE = "unreadable mol block";

    private final RowInput input;
    private final String source;
    private final List<ColumnSpec> columns;
    private final int[] indexes;
    private final List<String> keys = new ArrayList<>();

    /**
     * @param source  the table as named in the engine's messages, e.g. {@code input table}
     * @param columns the columns to serve, by name
     * @throws IllegalArgumentException when a column is not in the table (listing the ones it has)
     */
    public RowRecords(RowInput input, String source, List<String> columns) {
        this.input = input;
        this.source = source;
        TableShape shape = input.shape();
        this.columns = columns.stream().distinct().map(shape::column).toList();
        this.indexes = this.columns.stream().mapToInt(c -> shape.index(c.name())).toArray();
        try (RowInput.RowIterator it = input.rows()) {
            it.forEachRemaining(r -> keys.add(r.key()));
        }
    }

    /** A data source reading through these records; {@code name} only names it in messages, no file is opened. */
    public DataSource dataSource(Path name) {
        return new DataSource(name, this);
    }

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

    /** The table is served whatever the file; {@code file} and {@code options} are ignored. */
    @Override
    public RecordReader open(Path file, ReaderOptions options) {
        return new Reader();
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

    private final class Reader implements RecordReader {

        private final RowInput.RowIterator rows = input.rows();
        private long number;

        @Override
        public String source() {
            return source;
        }

        @Override
        public List<String> columns() {
            return columnNames();
        }

        @Override
        public long blankLines() {
            return 0;
        }

        @Override
        public boolean hasNext() {
            return rows.hasNext();
        }

        @Override
        public SourceRecord next() {
            if (!rows.hasNext()) {
                throw new NoSuchElementException(source + " has no more rows after " + number);
            }
            Row row = rows.next();
            number++;
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 0; i < indexes.length; i++) {
                ColumnSpec c = columns.get(i);
                try {
                    fields.put(c.name(), CellText.of(row.cell(indexes[i]), c.type()));
                } catch (InvalidMoleculeException e) {
                    // The line is the record number: a table has no lines, and messages then name the row.
                    return new SourceRecord(number, number, Map.of(), new ParseError(UNREADABLE_MOLECULE,
                            "column '" + c.name() + "' of row " + row.key() + ": " + e.reason(),
                            String.valueOf(row.cell(indexes[i]))));
                }
            }
            return new SourceRecord(number, number, fields, null);
        }

        @Override
        public void close() {
            rows.close();
        }
    }
}
