package org.tagllm.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.tagllm.knime.engine.bank.FieldEntry;
import org.tagllm.knime.engine.bank.TaskEntry;
import org.tagllm.knime.engine.data.ColumnKind;
import org.tagllm.knime.engine.data.read.ReaderOptions;
import org.tagllm.knime.engine.data.read.RecordFormat;
import org.tagllm.knime.engine.data.read.RecordReader;

/**
 * Parquet as an input format of every command, registered with the engine's readers as a service
 * ({@code META-INF/services}): the engine bundle stays free of parquet-java, the command line brings it.
 */
public final class ParquetFormat implements RecordFormat {

    @Override
    public List<String> extensions() {
        return List.of("parquet");
    }

    @Override
    public RecordReader open(Path file, ReaderOptions options) throws IOException {
        return ParquetRecordReader.open(file, options);
    }

    static boolean isParquet(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet");
    }

    /**
     * A molecule or sequence the task reads must come from a string column: a number or a blob in its place is a
     * wrong column, said once, not a problem on every row.
     *
     * @throws IllegalArgumentException naming the file, the column, its type and the task's reading of it
     */
    static void requireTextInputs(Path file, TaskEntry task) throws IOException {
        for (ParquetColumn c : ParquetRecordReader.columns(file)) {
            for (FieldEntry f : task.fields()) {
                if (f.name().equals(c.name()) && !c.text() && (needsText(f) || !c.readable())) {
                    throw new IllegalArgumentException(file + ": column '" + c.name() + "' is " + c.type()
                            + "; the bank reads it as " + (f.kind() != null ? f.kind() : "a sequence")
                            + ", which must be a Parquet string column (BINARY (STRING))");
                }
            }
        }
    }

    private static boolean needsText(FieldEntry f) {
        return f.kind() != null ? ColumnKind.parse(f.kind()) != ColumnKind.TEXT
                : f.tokenization() == FieldEntry.Tokenization.CHARACTER;
    }
}
