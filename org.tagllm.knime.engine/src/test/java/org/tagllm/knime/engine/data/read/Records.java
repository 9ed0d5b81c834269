package org.tagllm.knime.engine.data.read;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads every record of a file, for tests. */
final class Records {

    private Records() {}

    static List<SourceRecord> all(Path file) throws IOException {
        return all(file, ReaderOptions.defaults());
    }

    static List<SourceRecord> all(Path file, ReaderOptions options) throws IOException {
        try (RecordReader reader = RecordReaders.open(file, options)) {
            List<SourceRecord> records = new ArrayList<>();
            reader.forEachRemaining(records::add);
            return records;
        }
    }

    static String describe(List<SourceRecord> records) {
        StringBuilder s = new StringBuilder();
        records.forEach(r -> s.append(r).append('\n'));
        return s.toString();
    }
}
