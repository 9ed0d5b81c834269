package org.tagllm.knime.engine.data.read;

import java.util.List;

/**
 * A file format that a module outside the engine adds to every {@link RecordReaders#standard()}, found with
 * {@link java.util.ServiceLoader} (a {@code META-INF/services} entry beside it): e.g. the command line's Parquet reader,
 * whose libraries the engine bundle does not carry. A format registered this way replaces a built-in one of the same
 * extension.
 */
public interface RecordFormat extends ReaderFactory {

    /** The file extensions it reads, without the dot, e.g. {@code parquet}. */
    List<String> extensions();
}
