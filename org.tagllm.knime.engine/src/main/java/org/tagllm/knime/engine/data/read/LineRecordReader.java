package org.tagllm.knime.engine.data.read;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A plain list, one record per line (e.g. a SMILES file), in one field named by {@link ReaderOptions#lineField()}.
 * Blank lines are skipped and counted; a line longer than the record limit is a bad record.
 */
final class LineRecordReader extends AbstractRecordReader {

    private final LineSource lines;
    private final String field;
    private final int maxChars;
    private long blankLines;

    private LineRecordReader(String source, LineSource lines, String field, int maxChars) {
        super(source);
        this.lines = lines;
        this.field = field;
        this.maxChars = maxChars;
    }

    static LineRecordReader open(Path file, ReaderOptions options) throws IOException {
        return new LineRecordReader(file.toString(), LineSource.open(file, options.charset(), options.maxRecordChars()),
                options.lineField(), options.maxRecordChars());
    }

    @Override
    public List<String> columns() {
        return List.of(field);
    }

    @Override
    public long blankLines() {
        return blankLines;
    }

    @Override
    protected SourceRecord read() throws IOException {
        LineSource.Line line;
        while ((line = lines.next()) != null && line.isBlank()) {
            blankLines++;
        }
        if (line == null) {
            return null;
        }
        if (line.isCut()) {
            return SourceRecord.bad(nextRecordNumber(), line.number(), new ParseError("record too long",
                    "a line of " + line.length() + " characters; the limit is " + maxChars, line.text()));
        }
        return SourceRecord.ok(nextRecordNumber(), line.number(), Map.of(field, line.text()));
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
