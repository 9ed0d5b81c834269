package org.tagllm.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;

/** Parquet files written and read in tests with parquet-java's own example API (Group rows), not through our code. */
final class ParquetFiles {

    private ParquetFiles() {}

    /**
     * Writes {@code rows} (one value per schema field, null for none: String, Long, Integer, Double or Boolean) in row
     * groups of about {@code rowGroupBytes}.
     */
    static Path write(Path file, MessageType schema, List<Object[]> rows, CompressionCodecName codec,
            int rowGroupBytes) throws IOException {
        Files.deleteIfExists(file);
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file))
                .withConf(new PlainParquetConfiguration()).withCodecFactory(new ParquetCodecs()).withType(schema)
                .withCompressionCodec(codec).withRowGroupSize((long) rowGroupBytes).withPageSize(1024).build()) {
            for (Object[] row : rows) {
                Group g = groups.newGroup();
                for (int i = 0; i < row.length; i++) {
                    String name = schema.getFieldName(i);
                    Object v = row[i];
                    if (v instanceof String s) {
                        g.append(name, s);
                    } else if (v instanceof Long l) {
                        g.append(name, l);
                    } else if (v instanceof Integer n) {
                        g.append(name, n);
                    } else if (v instanceof Double d) {
                        g.append(name, d);
                    } else if (v instanceof Boolean b) {
                        g.append(name, b);
                    } else if (v != null) {
                        throw new IllegalArgumentException(v.getClass().toString());
                    }
                }
                w.write(g);
            }
        }
        return file;
    }

    /** The file's schema and its rows as parquet-java's example Groups, every row group read. */
    record Contents(MessageType schema, List<Group> rows, int rowGroups) {}

    static Contents read(Path file) throws IOException {
        List<Group> rows = new ArrayList<>();
        int groups = 0;
        try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(file),
                ParquetReadOptions.builder(new PlainParquetConfiguration()).withCodecFactory(new ParquetCodecs())
                        .build())) {
            MessageType schema = r.getFooter().getFileMetaData().getSchema();
            for (PageReadStore rg; (rg = r.readNextRowGroup()) != null; groups++) {
                RecordReader<Group> records = new ColumnIOFactory().getColumnIO(schema).getRecordReader(rg,
                        new GroupRecordConverter(schema));
                for (long i = 0; i < rg.getRowCount(); i++) {
                    rows.add(records.read());
                }
            }
            return new Contents(schema, rows, groups);
        }
    }
}
