package org.tagllm.knime.engine.data;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tagllm.knime.engine.data.read.ParseError;
import org.tagllm.knime.engine.data.read.RecordReader;
import org.tagllm.knime.engine.data.read.SourceRecord;

/** The records of a pair table with the columns of its {@link PairTableJoiner.Join}s added, one record at a time. */
final class JoinedRecordReader implements RecordReader {

    private final RecordReader pairs;
    private final List<PairTableJoiner.Join> joins;
    private final List<String> columns;

    JoinedRecordReader(RecordReader pairs, List<PairTableJoiner.Join> joins, List<String> columns) {
        this.pairs = pairs;
        this.joins = joins;
        this.columns = List.copyOf(columns);
    }

    @Override
    public String source() {
        return pairs.source();
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public long blankLines() {
        return pairs.blankLines();
    }

    @Override
    public boolean hasNext() {
        return pairs.hasNext();
    }

    @Override
    public SourceRecord next() {
        SourceRecord pair = pairs.next();
        if (pair.isBad()) {
            return pair;
        }
        Map<String, String> fields = new HashMap<>(pair.fields());
        for (PairTableJoiner.Join join : joins) {
            String id = pair.fields().get(join.pairColumn());
            String key = id == null ? "" : id.strip();
            String[] values = join.table().get(key);
            if (values == null) {
                return SourceRecord.bad(pair.number(), pair.line(), unknownKey(join, key));
            }
            List<String> names = join.table().spec().columns();
            for (int i = 0; i < values.length; i++) {
                fields.put(names.get(i), values[i]);
            }
        }
        return SourceRecord.ok(pair.number(), pair.line(), fields);
    }

    private static ParseError unknownKey(PairTableJoiner.Join join, String key) {
        KeyedTable table = join.table().spec();
        return new ParseError(PairTableJoiner.UNKNOWN_KEY, join.pairColumn() + " '" + key + "' is not a key of "
                + table.file() + " (column '" + table.key() + "', " + join.table().size() + " keys)",
                join.pairColumn() + "=" + key);
    }

    @Override
    public void close() throws IOException {
        pairs.close();
    }
}
