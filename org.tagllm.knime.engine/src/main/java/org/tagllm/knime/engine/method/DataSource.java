package org.tagllm.knime.engine.method;

import java.nio.file.Path;
import java.util.Objects;
import org.tagllm.knime.engine.data.read.ReaderFactory;
import org.tagllm.knime.engine.data.read.ReaderOptions;
import org.tagllm.knime.engine.data.read.RecordReaders;
import org.tagllm.knime.engine.data.RecordSource;
import org.tagllm.knime.engine.data.RowRecords;

/**
 * A labelled or unlabelled table as a stage reads it: a name and its records. The records come from a file read by
 * its extension, from a pair table whose id columns are joined with small lookup tables on the fly (e.g. Davis pairs
 * with their drugs' SMILES and kinases' sequences), or from rows that are no file ({@link RowRecords}: a node's input
 * table, a Spark partition).
 *
 * @param name    the table as messages name it
 * @param records opens the records, afresh for every reading
 * @param file    the file the records are read from, whose path and SHA-256 a trained bank's provenance records;
 *                null for rows that are no file
 */
public record DataSource(String name, RecordSource records, Path file) {

    public DataSource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(records, "records");
    }

    /**
     * {@code file} opened by {@code reader}; null = by the file's extension ({@link RecordReaders#standard()}).
     */
    public DataSource(Path file, ReaderFactory reader) {
        this(file.toString(), opener(file, reader != null ? reader : RecordReaders.standard()::read), file);
    }

    public static DataSource of(Path file) {
        return new DataSource(file, null);
    }

    /** Rows that are no file, named {@code name} in messages, e.g. {@code input table}. */
    public static DataSource of(String name, RecordSource records) {
        return new DataSource(name, records, null);
    }

    /** The file's name without its folder, or the name of rows that are no file, for short descriptions. */
    public String shortName() {
        return file != null ? file.getFileName().toString() : name;
    }

    private static RecordSource opener(Path file, ReaderFactory reader) {
        return () -> reader.open(file, ReaderOptions.defaults());
    }
}
