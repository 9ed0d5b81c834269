package org.tagllm.knime.engine.method;

import java.nio.file.Path;
import java.util.Objects;
import org.tagllm.knime.engine.data.read.ReaderFactory;
import org.tagllm.knime.engine.data.read.RecordReaders;

/**
 * A labelled or unlabelled table as a stage reads it: a file read by its extension, or a pair table whose id columns
 * are joined with small lookup tables on the fly (e.g. Davis pairs with their drugs' SMILES and kinases' sequences).
 *
 * @param file   the table (the pair table, for a join)
 * @param reader how to read it; null = by the file's extension ({@link RecordReaders#standard()})
 */
public record DataSource(Path file, ReaderFactory reader) {

    public DataSource {
        Objects.requireNonNull(file, "file");
        if (reader == null) {
            reader = RecordReaders.standard()::read;
        }
    }

    public static DataSource of(Path file) {
        return new DataSource(file, null);
    }
}
