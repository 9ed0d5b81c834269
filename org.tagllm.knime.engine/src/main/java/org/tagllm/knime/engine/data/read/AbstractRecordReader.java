package org.tagllm.knime.engine.data.read;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.NoSuchElementException;

/** The iterator half of a {@link RecordReader}: one record read ahead, checked exceptions wrapped. */
public abstract class AbstractRecordReader implements RecordReader {

    private final String source;
    private SourceRecord ahead;
    private boolean finished;
    private long recordCount;

    protected AbstractRecordReader(String source) {
        this.source = source;
    }

    /** The next record, or {@code null} at the end of the file. */
    protected abstract SourceRecord read() throws IOException;

    /** Number for the record being read: 1 for the first. */
    protected final long nextRecordNumber() {
        return recordCount + 1;
    }

    @Override
    public final String source() {
        return source;
    }

    @Override
    public final boolean hasNext() {
        if (ahead == null && !finished) {
            try {
                ahead = read();
            } catch (IOException e) {
                finished = true;
                throw new UncheckedIOException(e);
            }
            if (ahead == null) {
                finished = true;
            } else {
                recordCount++;
            }
        }
        return ahead != null;
    }

    @Override
    public final SourceRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more records in " + source);
        }
        SourceRecord record = ahead;
        ahead = null;
        return record;
    }
}
