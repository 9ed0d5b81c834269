package org.tagllm.cli;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.tagllm.knime.engine.data.read.AbstractRecordReader;
import org.tagllm.knime.engine.data.read.DataFileException;
import org.tagllm.knime.engine.data.read.ReaderOptions;
import org.tagllm.knime.engine.data.read.SourceRecord;

/**
 * A Parquet file's rows as records, read row group by row group with parquet-java (memory holds one row group, never
 * the file): every top-level column is a field, as text ({@link ParquetColumn}); a column without a text form is
 * listed but has no values. A file that is not Parquet, is cut short or cannot be decoded is a {@link
 * DataFileException} naming the file and why.
 */
final class ParquetRecordReader extends AbstractRecordReader {

    private final ParquetFileReader file;
    private final MessageType schema;
    private final MessageColumnIO columnIo;
    private final List<ParquetColumn> columns;
    private final List<String> names;
    private RecordReader<Group> rows;
    private long leftInGroup;
    private int rowGroup;

    private ParquetRecordReader(Path path, ParquetFileReader file) {
        super(path.toString());
        this.file = file;
        this.schema = file.getFooter().getFileMetaData().getSchema();
        this.columnIo = new ColumnIOFactory().getColumnIO(schema);
        this.columns = schema.getFields().stream().map(ParquetColumn::of).toList();
        this.names = columns.stream().map(ParquetColumn::name).toList();
    }

    static ParquetRecordReader open(Path path, ReaderOptions options) throws IOException {
        if (path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")) {
            throw new DataFileException(path + ": a Parquet file is compressed inside (its pages); unpack the .gz");
        }
        return new ParquetRecordReader(path, openFile(path));
    }

    /** The file's footer read: its schema and row groups. */
    static ParquetFileReader openFile(Path path) throws IOException {
        try {
            return ParquetFileReader.open(new LocalInputFile(path), options());
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new DataFileException(path + ": not a Parquet file, or cut short (" + reason(e) + ")", e);
        }
    }

    /** parquet-java's options without Hadoop: its own configuration, our codecs. */
    static ParquetReadOptions options() {
        return ParquetReadOptions.builder(new PlainParquetConfiguration()).withCodecFactory(new ParquetCodecs())
                .build();
    }

    /** The columns of the Parquet file {@code path}, with their types. */
    static List<ParquetColumn> columns(Path path) throws IOException {
        try (ParquetFileReader r = openFile(path)) {
            return r.getFooter().getFileMetaData().getSchema().getFields().stream().map(ParquetColumn::of).toList();
        }
    }

    private static String reason(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (m.contains("magic number") || m.contains("is not a Parquet file")) {
            return "no Parquet footer at its end";
        }
        return m.lines().findFirst().orElse(m);
    }

    @Override
    public List<String> columns() {
        return names;
    }

    @Override
    public long blankLines() {
        return 0;
    }

    @Override
    protected SourceRecord read() throws IOException {
        try {
            while (leftInGroup == 0) {
                PageReadStore group = file.readNextRowGroup();
                if (group == null) {
                    return null;
                }
                rowGroup++;
                rows = columnIo.getRecordReader(group, new GroupRecordConverter(schema));
                leftInGroup = group.getRowCount();
            }
            Group row = rows.read();
            leftInGroup--;
            Map<String, String> fields = new HashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                ParquetColumn c = columns.get(i);
                if (c.readable()) {
                    fields.put(c.name(), c.text(row, i, schema.getType(i).asPrimitiveType()));
                }
            }
            long number = nextRecordNumber();
            return SourceRecord.ok(number, number, fields);
        } catch (IOException | RuntimeException e) {
            throw new DataFileException(source() + " row group " + rowGroup + ": cannot be read (" + reason(e) + ")",
                    e);
        }
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
