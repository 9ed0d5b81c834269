package org.tagllm.knime.engine.data;

import java.io.IOException;
import org.tagllm.knime.engine.data.read.ForwardingRecordReader;
import org.tagllm.knime.engine.data.read.RecordReader;

/**
 * A table's records after its first {@code skip}, numbered as in the whole table (record 1001 stays 1001): how a
 * resumed prediction reads on where an earlier run stopped without reading the rows it wrote again as examples.
 */
public final class SkippedRecords implements RecordSource {

    private final RecordSource source;
    private final long skip;

    public SkippedRecords(RecordSource source, long skip) {
        if (skip < 0) {
            throw new IllegalArgumentException("cannot skip " + skip + " records");
        }
        this.source = source;
        this.skip = skip;
    }

    @Override
    public RecordReader open() throws IOException {
        RecordReader in = source.open();
        for (long i = 0; i < skip && in.hasNext(); i++) {
            in.next();
        }
        return new ForwardingRecordReader(in) {};
    }
}
