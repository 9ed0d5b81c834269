package org.tagllm.knime.engine.data.read;

import java.io.IOException;
import java.nio.file.Path;

/** Opens one file format; registered in {@link RecordReaders} under the file extensions it reads. */
@FunctionalInterface
public interface ReaderFactory {

    /**
     * @throws DataFileException when the file is not in this format from its start (e.g. a CSV file without a header)
     */
    RecordReader open(Path file, ReaderOptions options) throws IOException;
}
