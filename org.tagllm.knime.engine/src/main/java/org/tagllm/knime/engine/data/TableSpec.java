package org.tagllm.knime.engine.data;

import java.nio.file.Path;
import org.tagllm.knime.engine.data.read.ReaderOptions;

/**
 * A table to load: the file, how to read it, and which columns mean what.
 *
 * @param file the input file; its extension picks the reader unless the options name a format
 * @param options how to read it
 * @param columns which columns mean what
 */
public record TableSpec(Path file, ReaderOptions options, ColumnMapping columns) {

    public TableSpec {
        if (file == null || options == null || columns == null) {
            throw new IllegalArgumentException("a table needs a file, reader options and a column mapping");
        }
    }

    /** {@code file} read with {@link ReaderOptions#defaults()}. */
    public static TableSpec of(Path file, ColumnMapping columns) {
        return new TableSpec(file, ReaderOptions.defaults(), columns);
    }
}
