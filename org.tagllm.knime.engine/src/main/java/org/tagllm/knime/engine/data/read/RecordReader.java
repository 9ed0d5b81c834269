package org.tagllm.knime.engine.data.read;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;

/**
 * The records of one input file, one at a time. A record the format cannot read carries a {@link ParseError} and
 * reading goes on with the next; only a fault that leaves the rest of the file unreadable ends the iteration, with an
 * {@link UncheckedIOException} wrapping a {@link DataFileException} that names the line.
 */
public interface RecordReader extends Iterator<SourceRecord>, AutoCloseable {

    /** The file as named in messages. */
    String source();

    /** The field names records have, in file order (a CSV file's header, a FASTA file's id/description/sequence). */
    List<String> columns();

    /** Blank lines skipped so far. */
    long blankLines();

    /** @throws UncheckedIOException when the file cannot be read on */
    @Override
    boolean hasNext();

    /** @throws UncheckedIOException when the file cannot be read on */
    @Override
    SourceRecord next();

    @Override
    void close() throws IOException;
}
