package org.tagllm.knime.engine.data;

import java.nio.file.Path;
import java.util.List;
import org.tagllm.knime.engine.data.read.ReaderOptions;

/**
 * A small table that ids of a pair table point into, e.g. Davis' drugs by {@code drug_idx}: the file, its key column,
 * and the columns to bring into each pair.
 *
 * @param file the table; read whole into memory by {@link PairTableJoiner}
 * @param options how to read it
 * @param key the column whose value identifies a row; each value at most once
 * @param columns the columns to add to each pair row
 */
public record KeyedTable(Path file, ReaderOptions options, String key, List<String> columns) {

    public KeyedTable {
        columns = List.copyOf(columns);
        if (file == null || options == null || key == null || key.isBlank()) {
            throw new IllegalArgumentException("a keyed table needs a file, reader options and a key column");
        }
        if (columns.isEmpty()) {
            throw new IllegalArgumentException(file + ": name at least one column to bring into the pairs");
        }
        if (columns.contains(key)) {
            throw new IllegalArgumentException(file + ": the key column '" + key + "' is already in the pair table; "
                    + "name only the columns to add");
        }
    }

    /** {@code file} read with {@link ReaderOptions#defaults()}. */
    public static KeyedTable of(Path file, String key, String... columns) {
        return new KeyedTable(file, ReaderOptions.defaults(), key, List.of(columns));
    }
}
