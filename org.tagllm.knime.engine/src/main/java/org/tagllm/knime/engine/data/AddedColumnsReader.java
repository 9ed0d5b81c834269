package org.tagllm.knime.engine.data;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tagllm.knime.engine.data.read.ForwardingRecordReader;
import org.tagllm.knime.engine.data.read.ParseError;
import org.tagllm.knime.engine.data.read.RecordReader;
import org.tagllm.knime.engine.data.read.SourceRecord;

/**
 * Another reader's records with columns added to each good one, one record at a time (a derived column, the columns
 * of joined tables); a bad record passes as it was read.
 */
final class AddedColumnsReader extends ForwardingRecordReader {

    /** Puts the added columns' values of one record into {@code fields}. */
    @FunctionalInterface
    interface Columns {
        /** @return null, or why the record cannot have them (it becomes a bad record) */
        ParseError add(Map<String, String> read, Map<String, String> fields);
    }

    private final List<String> columns;
    private final Columns added;

    /** @param columns the columns of the records, the added ones included */
    AddedColumnsReader(RecordReader records, List<String> columns, Columns added) {
        super(records);
        this.columns = List.copyOf(columns);
        this.added = added;
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public SourceRecord next() {
        SourceRecord r = in.next();
        if (r.isBad()) {
            return r;
        }
        Map<String, String> fields = new HashMap<>(r.fields());
        ParseError error = added.add(r.fields(), fields);
        return error == null ? SourceRecord.ok(r.number(), r.line(), fields)
                : SourceRecord.bad(r.number(), r.line(), error);
    }
}
