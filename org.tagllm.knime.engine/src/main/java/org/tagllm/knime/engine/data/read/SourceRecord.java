package org.tagllm.knime.engine.data.read;

import java.util.Map;

/**
 * One record of an input file as the file format sees it, before any column means anything.
 *
 * @param number 1-based record number; header lines and blank lines do not count
 * @param line 1-based line of the file where the record starts
 * @param fields values by column name; empty when {@code parseError} is set
 * @param parseError why the record could not be read as fields, or {@code null} when it was
 */
public record SourceRecord(long number, long line, Map<String, String> fields, ParseError parseError) {

    public SourceRecord {
        fields = Map.copyOf(fields);
    }

    public static SourceRecord ok(long number, long line, Map<String, String> fields) {
        return new SourceRecord(number, line, fields, null);
    }

    public static SourceRecord bad(long number, long line, ParseError error) {
        return new SourceRecord(number, line, Map.of(), error);
    }

    public boolean isBad() {
        return parseError != null;
    }
}
