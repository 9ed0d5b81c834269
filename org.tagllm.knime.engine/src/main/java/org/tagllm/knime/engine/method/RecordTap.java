package org.tagllm.knime.engine.method;

import java.util.Map;
import org.tagllm.knime.engine.data.RecordSource;
import org.tagllm.knime.engine.data.read.ForwardingRecordReader;
import org.tagllm.knime.engine.data.read.RecordReader;
import org.tagllm.knime.engine.data.read.SourceRecord;

/**
 * Keeps the last record a reader handed out, with every field, so a prediction can carry the row's other columns
 * (a compound ID, a vendor code) that the task does not read. The loader turns each record into one example as it is
 * read, so the last record is the current example's.
 */
final class RecordTap {

    private SourceRecord last;

    /** {@code source} whose readers report to this tap. */
    RecordSource wrap(RecordSource source) {
        return () -> new Reader(source.open());
    }

    /**
     * Every field of record {@code number} when it is the last read; {@code fallback} (the example's inputs) for a
     * record that could not be split into fields (its inputs hold its whole text) or, never expected, another record.
     */
    Map<String, String> fields(long number, Map<String, String> fallback) {
        return last != null && last.number() == number && !last.isBad() ? last.fields() : fallback;
    }

    private final class Reader extends ForwardingRecordReader {

        Reader(RecordReader in) {
            super(in);
        }

        @Override
        public SourceRecord next() {
            last = in.next();
            return last;
        }
    }
}
