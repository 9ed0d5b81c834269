package org.tagllm.knime.engine.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.tagllm.knime.engine.data.read.ReaderFactory;
import org.tagllm.knime.engine.data.read.ReaderOptions;
import org.tagllm.knime.engine.data.read.RecordReader;
import org.tagllm.knime.engine.data.read.RecordReaders;

/**
 * A reader that adds one column computed from each record's fields, e.g. a split column from a benchmark's own
 * fold numbers (O'Neil's fold 0 as test) or from a set column plus a validation flag (FLIP's GB1).
 *
 * @param inner  the reader of the file itself (null = by the file's extension)
 * @param column the new column's name; must not exist in the file
 * @param derive the new value from a record's fields
 */
public record DerivedColumn(ReaderFactory inner, String column, Function<Map<String, String>, String> derive)
        implements ReaderFactory {

    public DerivedColumn {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(derive, "derive");
        if (inner == null) {
            inner = RecordReaders.standard()::read;
        }
    }

    @Override
    public RecordReader open(Path file, ReaderOptions options) throws IOException {
        RecordReader records = inner.open(file, options);
        if (records.columns().contains(column)) {
            records.close();
            throw new IllegalArgumentException(file + " already has a column '" + column + "'; derive another name");
        }
        List<String> columns = new ArrayList<>(records.columns());
        columns.add(column);
        return new AddedColumnsReader(records, columns, (read, fields) -> {
            String value = derive.apply(read);
            fields.put(column, value == null ? "" : value);
            return null;
        });
    }
}
