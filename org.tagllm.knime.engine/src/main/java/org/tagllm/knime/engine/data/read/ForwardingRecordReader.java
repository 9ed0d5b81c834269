package org.tagllm.knime.engine.data.read;

import java.io.IOException;
import java.util.List;

/**
 * A reader that hands on another's records; subclasses override what they change (the columns, each record), as
 * Guava's {@code Forwarding…} classes do. One place for the delegation the wrapping readers would each repeat.
 */
public abstract class ForwardingRecordReader implements RecordReader {

    protected final RecordReader in;

    protected ForwardingRecordReader(RecordReader in) {
        this.in = in;
    }

    @Override
    public String source() {
        return in.source();
    }

    @Override
    public List<String> columns() {
        return in.columns();
    }

    @Override
    public long blankLines() {
        return in.blankLines();
    }

    @Override
    public boolean hasNext() {
        return in.hasNext();
    }

    @Override
    public SourceRecord next() {
        return in.next();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
