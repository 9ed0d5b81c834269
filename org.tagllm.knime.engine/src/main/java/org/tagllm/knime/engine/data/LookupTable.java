package org.tagllm.knime.engine.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.tagllm.knime.engine.data.read.DataFileException;
import org.tagllm.knime.engine.data.read.RecordReader;
import org.tagllm.knime.engine.data.read.RecordReaders;
import org.tagllm.knime.engine.data.read.SourceRecord;

/**
 * A {@link KeyedTable} in memory: the chosen values of each row by key. Unlike a data table it must be whole and
 * unambiguous, since every pair that points at a broken or doubled row would inherit the fault: a record that cannot
 * be read, an empty key and a key seen twice are errors naming the file and the lines.
 */
final class LookupTable {

    private final KeyedTable spec;
    private final Map<String, String[]> rows;

    private LookupTable(KeyedTable spec, Map<String, String[]> rows) {
        this.spec = spec;
        this.rows = rows;
    }

    static LookupTable load(KeyedTable spec, RecordReaders readers) throws IOException {
        Map<String, String[]> rows = new HashMap<>();
        Map<String, Long> lineOfKey = new HashMap<>();
        try (RecordReader records = readers.read(spec.file(), spec.options())) {
            requireColumns(records, spec);
            while (records.hasNext()) {
                SourceRecord r = records.next();
                if (r.isBad()) {
                    throw new DataFileException(spec.file() + " line " + r.line() + ": a lookup table must be read "
                            + "whole, but this record cannot be: " + r.parseError());
                }
                String raw = r.fields().get(spec.key());
                String key = raw == null ? "" : raw.strip();
                if (key.isEmpty()) {
                    throw new DataFileException(spec.file() + " line " + r.line() + ": empty key in column '"
                            + spec.key() + "'");
                }
                Long before = lineOfKey.putIfAbsent(key, r.line());
                if (before != null) {
                    throw new DataFileException(spec.file() + " line " + r.line() + ": key '" + key + "' in column '"
                            + spec.key() + "' was already on line " + before + "; a pair could not tell which row "
                            + "it means");
                }
                String[] values = new String[spec.columns().size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = r.fields().get(spec.columns().get(i));
                }
                rows.put(key, values);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new LookupTable(spec, rows);
    }

    private static void requireColumns(RecordReader records, KeyedTable spec) {
        List<String> wanted = new ArrayList<>(spec.columns());
        wanted.add(0, spec.key());
        TreeSet<String> missing = new TreeSet<>(wanted);
        missing.removeAll(records.columns());
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(spec.file() + " has no column " + String.join(", ",
                    missing.stream().map(c -> "'" + c + "'").toList()) + "; its columns are: "
                    + String.join(", ", records.columns()));
        }
    }

    KeyedTable spec() {
        return spec;
    }

    int size() {
        return rows.size();
    }

    /** The chosen values of the row with this key, in {@link KeyedTable#columns()} order, or {@code null}. */
    String[] get(String key) {
        return rows.get(key);
    }
}
