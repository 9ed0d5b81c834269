package org.tagllm.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.tagllm.knime.engine.predict.PredictionColumns;

/**
 * Predictions as a Parquet file, in the columns of the CSV output, typed: {@code row} INT64, predictions and other
 * numbers DOUBLE, inputs, classes and texts UTF-8 strings, a null where the CSV output has an empty cell (SNAPPY
 * pages, parquet-java).
 *
 * <p>A Parquet file cannot be appended to, so a run writes closed <em>parts</em> into a staging folder beside the
 * output ({@code OUT.parquet.parts/part-00000.parquet}…), a part every {@value #PART_WINDOWS} windows, and at the end
 * joins the parts' row groups into one file by copying their bytes (parquet-java's {@code appendTo}, no re-encoding).
 * Every run, interrupted or not, writes the same parts from the same rows and joins them the same way, so a resumed
 * run ends with the bytes of an uninterrupted one; {@code --resume} keeps the parts that were closed and predicts the
 * rest. Each row group is one part: rows of a window times {@value #PART_WINDOWS}. The joined footer's encoding lists
 * are put in one order ({@link ParquetFooterOrder}), the one thing parquet-java writes differently from JVM to JVM.
 */
final class ParquetOutput implements PredictionOutput {

    /** Windows per part (and row group): a killed run repeats at most this many; 16,384 rows at the defaults. */
    static final int PART_WINDOWS = 32;

    private final Path target;
    private final Path parts;
    private final MessageType schema;
    private final List<PredictionColumns.Column> columns;
    private final SimpleGroupFactory rows;
    private int closedParts;
    private ParquetWriter<Group> part;
    private Path partFile;
    private long rowsInPart;
    private int windowsInPart;

    /**
     * @param target the file the parts are joined into at the end ({@code OUT.part}, renamed by the caller)
     * @param append a resumed run: keep the first {@code keptParts} closed parts, drop any other
     */
    ParquetOutput(Path target, PredictionColumns columns, boolean append, long keptParts) throws IOException {
        this.target = target;
        this.parts = stagingFolder(target);
        this.columns = columns.columns();
        this.schema = schema(columns.columns());
        this.rows = new SimpleGroupFactory(schema);
        if (!append) {
            deleteFolder(parts);
        }
        Files.createDirectories(parts);
        closedParts = (int) keptParts;
        for (int i = 0; i < closedParts; i++) {
            if (!Files.isRegularFile(partPath(i))) {
                throw new IllegalArgumentException("--resume: " + partPath(i) + " is missing; run without --resume "
                        + "to start over");
            }
        }
        try (Stream<Path> files = Files.list(parts)) {
            for (Path p : files.toList()) {
                if (!isKept(p)) {
                    Files.delete(p); // a part closed after the last state, or one a killed run was writing
                }
            }
        }
    }

    /** {@code OUT.parquet.parts} for {@code OUT.parquet.part}: the folder of closed parts. */
    static Path stagingFolder(Path target) {
        String name = target.getFileName().toString();
        return target.resolveSibling(name.endsWith(".part") ? name + "s" : name + ".parts");
    }

    private static MessageType schema(List<PredictionColumns.Column> columns) {
        Types.MessageTypeBuilder b = Types.buildMessage();
        for (PredictionColumns.Column c : columns) {
            switch (c.type()) {
                case LONG -> b.required(PrimitiveTypeName.INT64).named(c.name());
                case DOUBLE -> b.optional(PrimitiveTypeName.DOUBLE).named(c.name());
                case STRING -> b.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
                        .named(c.name());
            }
        }
        return b.named("predictions");
    }

    private Path partPath(int index) {
        return parts.resolve(String.format("part-%05d.parquet", index));
    }

    private boolean isKept(Path p) {
        for (int i = 0; i < closedParts; i++) {
            if (p.getFileName().equals(partPath(i).getFileName())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void write(List<Object> cells) throws IOException {
        if (part == null) {
            partFile = parts.resolve(partPath(closedParts).getFileName() + ".writing");
            part = ExampleParquetWriter.builder(new LocalOutputFile(partFile))
                    .withConf(new PlainParquetConfiguration()).withCodecFactory(new ParquetCodecs())
                    .withCompressionCodec(ParquetCodecs.WRITTEN).withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                    .withType(schema).build();
        }
        Group g = rows.newGroup();
        for (int i = 0; i < cells.size(); i++) {
            Object v = cells.get(i);
            if (v == null || v instanceof String s && s.isEmpty()) {
                continue; // null where the CSV output has an empty cell (an input read empty is missing)
            }
            switch (columns.get(i).type()) {
                case LONG -> g.add(i, ((Number) v).longValue());
                case DOUBLE -> g.add(i, ((Number) v).doubleValue());
                case STRING -> g.add(i, v.toString());
            }
        }
        part.write(g);
        rowsInPart++;
    }

    /**
     * Called after every window: every {@value #PART_WINDOWS}th closes the part. A resumed run restarts after the
     * closed parts' rows; the state's byte count is the number of closed parts.
     */
    @Override
    public ResumeState.Point checkpoint(long rows) throws IOException {
        if (++windowsInPart == PART_WINDOWS) {
            closePart();
        }
        return new ResumeState.Point(rows - rowsInPart, closedParts);
    }

    private void closePart() throws IOException {
        windowsInPart = 0;
        if (part == null) {
            return;
        }
        part.close();
        Files.move(partFile, partPath(closedParts), StandardCopyOption.ATOMIC_MOVE);
        closedParts++;
        part = null;
        rowsInPart = 0;
    }

    @Override
    public long flush() {
        throw new UnsupportedOperationException("a Parquet output is resumed by its closed parts (checkpoint)");
    }

    /** Closes the last part and joins every part's row groups into the target, bytes copied as they are. */
    @Override
    public void close() throws IOException {
        closePart();
        ParquetFileWriter joined = new ParquetFileWriter(new LocalOutputFile(target), schema,
                ParquetFileWriter.Mode.OVERWRITE, ParquetWriter.DEFAULT_BLOCK_SIZE, 0);
        joined.start();
        for (int i = 0; i < closedParts; i++) {
            try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(partPath(i)),
                    ParquetRecordReader.options())) {
                r.appendTo(joined);
            }
        }
        joined.end(Map.of());
        ParquetFooterOrder.canonical(target);
    }

    /** Removes the staging folder, once the joined file is under its name. */
    static void discardStaging(Path target) throws IOException {
        deleteFolder(stagingFolder(target));
    }

    private static void deleteFolder(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
