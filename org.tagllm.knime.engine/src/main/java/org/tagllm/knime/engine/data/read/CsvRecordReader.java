package org.tagllm.knime.engine.data.read;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A CSV or TSV file with a header line, read with Commons CSV one record at a time. Values may be quoted ({@code "}),
 * with {@code ""} for a quote inside; a quoted value may span lines. A record with a different number of fields than
 * the header, or with broken quoting, becomes a {@link ParseError} and reading resumes on the next line. Header names
 * are stripped of surrounding spaces; columns with an empty name are not read.
 */
final class CsvRecordReader extends AbstractRecordReader {

    private final LineSource lines;
    private final CsvRecordSplitter splitter;
    private final CSVFormat format;
    private final char delimiter;
    /** Column names by position; {@code null} for a column with an empty name. */
    private final String[] header;
    private final List<String> columns;

    private CsvRecordReader(String source, LineSource lines, char delimiter, int maxRecordChars) throws IOException {
        super(source);
        this.lines = lines;
        this.delimiter = delimiter;
        this.splitter = new CsvRecordSplitter(lines, source, delimiter, maxRecordChars);
        // One record per parse: no trimming, no escape character, no comments; quotes as in RFC 4180.
        this.format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreEmptyLines(false).get();
        this.header = readHeader();
        List<String> named = new ArrayList<>();
        for (String name : header) {
            if (name != null) {
                named.add(name);
            }
        }
        this.columns = Collections.unmodifiableList(named);
    }

    /** Opens {@code file}, reads its header; {@code delimiter} is used unless the options set another. */
    static CsvRecordReader open(Path file, ReaderOptions options, char delimiter) throws IOException {
        LineSource lines = LineSource.open(file, options.charset(), options.maxRecordChars());
        try {
            return new CsvRecordReader(file.toString(), lines, options.delimiterOr(delimiter),
                    options.maxRecordChars());
        } catch (IOException | RuntimeException e) {
            lines.close();
            throw e;
        }
    }

    private String[] readHeader() throws IOException {
        CsvRecordSplitter.Chunk chunk = splitter.next();
        if (chunk == null) {
            throw new DataFileException(source() + ": the file is empty; its first line must name the columns");
        }
        if (chunk.tooLong() != null) {
            throw new DataFileException(source() + " line " + chunk.firstLine() + ": the header line is too long: "
                    + chunk.tooLong().detail());
        }
        String[] names;
        try {
            names = parse(chunk.text());
        } catch (IOException | UncheckedIOException e) {
            throw new DataFileException(source() + " line " + chunk.firstLine() + ": the header cannot be read: "
                    + messageOf(e), e);
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            String name = names[i].strip();
            names[i] = name.isEmpty() ? null : name;
            if (names[i] != null) {
                Integer before = seen.putIfAbsent(name, i + 1);
                if (before != null) {
                    throw new DataFileException(source() + " line " + chunk.firstLine() + ": column '" + name
                            + "' appears twice in the header (columns " + before + " and " + (i + 1)
                            + "), so a value cannot be told which it belongs to");
                }
            }
        }
        return names;
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public long blankLines() {
        return splitter.blankLines();
    }

    @Override
    protected SourceRecord read() throws IOException {
        CsvRecordSplitter.Chunk chunk = splitter.next();
        if (chunk == null) {
            return null;
        }
        long number = nextRecordNumber();
        if (chunk.tooLong() != null) {
            return SourceRecord.bad(number, chunk.firstLine(), chunk.tooLong());
        }
        String[] values;
        try {
            values = parse(chunk.text());
        } catch (IOException | UncheckedIOException e) {
            return SourceRecord.bad(number, chunk.firstLine(), quotingError(chunk, e));
        }
        if (values.length != header.length) {
            return SourceRecord.bad(number, chunk.firstLine(), new ParseError("wrong number of fields",
                    fieldCountDetail(values.length), chunk.text(), chunk.text()));
        }
        Map<String, String> fields = new HashMap<>(2 * header.length);
        for (int i = 0; i < header.length; i++) {
            if (header[i] != null) {
                fields.put(header[i], values[i]);
            }
        }
        return SourceRecord.ok(number, chunk.firstLine(), fields);
    }

    /**
     * The values of one record; the splitter has made sure the text holds exactly one. A record without a quote is
     * split at each delimiter, which is all Commons CSV would do with it in this format, without the cost of a parser
     * per record (most of the reading time when measured).
     */
    private String[] parse(String record) throws IOException {
        if (record.indexOf('"') < 0) {
            return splitAtDelimiters(record);
        }
        try (CSVParser parser = CSVParser.parse(record, format)) {
            Iterator<CSVRecord> records = parser.iterator();
            String[] values = records.next().values();
            if (records.hasNext()) {
                throw new IllegalStateException("the CSV record splitter and Commons CSV disagree on where a record "
                        + "ends: " + Abbreviation.of(record));
            }
            return values;
        }
    }

    private String[] splitAtDelimiters(String record) {
        int count = 1;
        for (int i = record.indexOf(delimiter); i >= 0; i = record.indexOf(delimiter, i + 1)) {
            count++;
        }
        String[] values = new String[count];
        int start = 0;
        for (int v = 0; v < count - 1; v++) {
            int end = record.indexOf(delimiter, start);
            values[v] = record.substring(start, end);
            start = end + 1;
        }
        values[count - 1] = record.substring(start);
        return values;
    }

    private String fieldCountDetail(int found) {
        String counts = found + " fields where the header has " + header.length;
        return found > header.length
                ? counts + "; quote values that contain " + ReaderOptions.printable(delimiter)
                : counts;
    }

    private ParseError quotingError(CsvRecordSplitter.Chunk chunk, Exception e) {
        String message = messageOf(e);
        String where = chunk.lastLine() > chunk.firstLine()
                ? "lines " + chunk.firstLine() + "–" + chunk.lastLine() + " read as one record; " : "";
        String detail = message != null && message.contains("between encapsulated token and delimiter")
                ? where + "text after the closing quote of a quoted value; quote the whole value and double any "
                        + "quote inside it (\"\")"
                : where + message;
        return new ParseError("bad quoting", detail, chunk.text(), chunk.text());
    }

    /** Commons CSV's own message, also from inside the {@link UncheckedIOException} its iterator wraps it in. */
    private static String messageOf(Exception e) {
        return e instanceof UncheckedIOException u ? u.getCause().getMessage() : e.getMessage();
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
