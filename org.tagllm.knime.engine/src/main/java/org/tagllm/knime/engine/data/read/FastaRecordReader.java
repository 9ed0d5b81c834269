package org.tagllm.knime.engine.data.read;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A FASTA file: each record is a header line {@code >id description} followed by sequence lines, which are joined with
 * all white space removed. Fields: {@value #ID}, {@value #DESCRIPTION} (may be empty) and {@value #SEQUENCE}. A record
 * without an id or without a sequence, text before the first header, and a sequence longer than the record limit are
 * bad records; reading goes on with the next header. What letters a sequence may hold is the protein normaliser's
 * business, not the reader's.
 */
final class FastaRecordReader extends AbstractRecordReader {

    static final String ID = "id";
    static final String DESCRIPTION = "description";
    static final String SEQUENCE = "sequence";

    private final LineSource lines;
    private final int maxChars;
    private LineSource.Line pendingHeader;
    private long blankLines;

    private FastaRecordReader(String source, LineSource lines, int maxChars) {
        super(source);
        this.lines = lines;
        this.maxChars = maxChars;
    }

    static FastaRecordReader open(Path file, ReaderOptions options) throws IOException {
        return new FastaRecordReader(file.toString(),
                LineSource.open(file, options.charset(), options.maxRecordChars()), options.maxRecordChars());
    }

    @Override
    public List<String> columns() {
        return List.of(ID, DESCRIPTION, SEQUENCE);
    }

    @Override
    public long blankLines() {
        return blankLines;
    }

    @Override
    protected SourceRecord read() throws IOException {
        LineSource.Line header = pendingHeader != null ? pendingHeader : nextNonBlank();
        pendingHeader = null;
        if (header == null) {
            return null;
        }
        if (!isHeader(header)) {
            return textBeforeFirstHeader(header);
        }
        StringBuilder sequence = new StringBuilder();
        long sequenceLength = 0;
        LineSource.Line line;
        while ((line = nextNonBlank()) != null && !isHeader(line)) {
            sequenceLength += appendWithoutSpaces(line.text(), sequence);
            sequenceLength += line.length() - line.text().length(); // the part of a cut line never held
        }
        pendingHeader = line;
        return record(header, sequence, sequenceLength);
    }

    private SourceRecord record(LineSource.Line header, StringBuilder sequence, long sequenceLength) {
        long number = nextRecordNumber();
        String text = header.text().substring(1).strip();
        int space = indexOfWhitespace(text);
        String id = space < 0 ? text : text.substring(0, space);
        String description = space < 0 ? "" : text.substring(space).strip();
        if (id.isEmpty()) {
            return SourceRecord.bad(number, header.number(),
                    new ParseError("FASTA header without an id", "the line is only '>'", header.text()));
        }
        if (sequenceLength > maxChars) {
            return SourceRecord.bad(number, header.number(), new ParseError("record too long",
                    "a sequence of " + sequenceLength + " characters; the limit is " + maxChars, header.text()));
        }
        if (sequence.isEmpty()) {
            return SourceRecord.bad(number, header.number(), new ParseError("FASTA record without a sequence",
                    "no sequence lines before the next header or the end of the file", header.text()));
        }
        return SourceRecord.ok(number, header.number(),
                Map.of(ID, id, DESCRIPTION, description, SEQUENCE, sequence.toString()));
    }

    /** Lines before the first {@code >} form one bad record, so that none of them goes unreported. */
    private SourceRecord textBeforeFirstHeader(LineSource.Line first) throws IOException {
        LineSource.Line line;
        long count = 1;
        while ((line = nextNonBlank()) != null && !isHeader(line)) {
            count++;
        }
        pendingHeader = line;
        return SourceRecord.bad(nextRecordNumber(), first.number(), new ParseError("text before the first FASTA "
                + "header", count + (count == 1 ? " line" : " lines") + " before the first '>'", first.text()));
    }

    /** Appends the part of {@code text} that fits the limit, without white space; returns the count it had. */
    private int appendWithoutSpaces(String text, StringBuilder sequence) {
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c)) {
                count++;
                if (sequence.length() < maxChars) {
                    sequence.append(c);
                }
            }
        }
        return count;
    }

    private LineSource.Line nextNonBlank() throws IOException {
        LineSource.Line line;
        while ((line = lines.next()) != null && line.isBlank()) {
            blankLines++;
        }
        return line;
    }

    private static boolean isHeader(LineSource.Line line) {
        return line.text().startsWith(">");
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
