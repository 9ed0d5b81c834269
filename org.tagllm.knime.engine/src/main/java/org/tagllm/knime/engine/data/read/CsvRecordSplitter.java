package org.tagllm.knime.engine.data.read;

import java.io.IOException;

/**
 * Groups physical lines into CSV records: a record goes on past a line end only when that line end falls inside a
 * quoted field. It follows Commons CSV's rules for where a record ends (a quote opens a field only at the field's
 * start; {@code ""} inside a quoted field is a quote), so that a record Commons CSV rejects costs that record alone and
 * reading resumes on the next line.
 *
 * <p>Only a quote that stays open to the end of the file, or for more than {@code maxChars} characters, cannot be
 * recovered from: every line after it is ambiguous. That is a {@link DataFileException} naming the line it opened on.
 */
final class CsvRecordSplitter {

    /**
     * @param text the record's lines joined with {@code \n}, or {@code null} when {@code tooLong} is set
     * @param firstLine 1-based line where the record starts
     * @param lastLine 1-based line where it ends
     * @param tooLong set when the record was longer than the limit and was read past, not kept
     */
    record Chunk(String text, long firstLine, long lastLine, ParseError tooLong) {}

    private enum State { FIELD_START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED }

    private final LineSource lines;
    private final String source;
    private final char delimiter;
    private final int maxChars;
    private long blankLines;

    CsvRecordSplitter(LineSource lines, String source, char delimiter, int maxChars) {
        this.lines = lines;
        this.source = source;
        this.delimiter = delimiter;
        this.maxChars = maxChars;
    }

    /** Blank lines between records, skipped so far. */
    long blankLines() {
        return blankLines;
    }

    /** The next record, or {@code null} at the end of the file. */
    Chunk next() throws IOException {
        StringBuilder text = null;
        long firstLine = 0;
        State state = State.FIELD_START;
        while (true) {
            LineSource.Line line = lines.next();
            if (line == null) {
                if (text == null) {
                    return null;
                }
                throw new DataFileException(source + " line " + firstLine + ": a quoted field opened on this line is "
                        + "never closed (the file ends at line " + lines.lineNumber() + "), so no record after it can "
                        + "be told apart. Check the quotes on line " + firstLine + ": a value that contains '\"' must "
                        + "be quoted as a whole and the quote doubled (\"\")");
            }
            if (text == null) {
                if (line.isBlank()) {
                    blankLines++;
                    continue;
                }
                if (line.isCut()) {
                    return new Chunk(null, line.number(), line.number(), new ParseError("record too long",
                            "a line of " + line.length() + " characters; the limit is " + maxChars, line.text()));
                }
                firstLine = line.number();
                text = new StringBuilder(line.text());
            } else {
                if (line.isCut() || text.length() + 1 + line.length() > maxChars) {
                    throw new DataFileException(source + " line " + firstLine + ": a quoted field opened on this "
                            + "line is still open at line " + line.number() + ", after more than " + maxChars
                            + " characters; it is almost certainly an unbalanced quote, and no record after it can be "
                            + "told apart. Check the quotes on line " + firstLine);
                }
                text.append('\n').append(line.text());
            }
            // A continuation line starts inside the quoted field, since the line end before it did.
            state = scan(line.text(), state);
            if (state != State.QUOTED) {
                return new Chunk(text.toString(), firstLine, line.number(), null);
            }
        }
    }

    /** The quoting state after {@code line}, starting from {@code state}. */
    private State scan(String line, State state) {
        for (int i = 0, n = line.length(); i < n; i++) {
            char c = line.charAt(i);
            state = switch (state) {
                case FIELD_START -> c == '"' ? State.QUOTED : c == delimiter ? State.FIELD_START : State.UNQUOTED;
                case UNQUOTED -> c == delimiter ? State.FIELD_START : State.UNQUOTED;
                case QUOTED -> c == '"' ? State.QUOTE_IN_QUOTED : State.QUOTED;
                // After a closing quote: "" is an escaped quote; anything but the delimiter is a fault that Commons
                // CSV reports for this record, which then runs to the end of the line.
                case QUOTE_IN_QUOTED -> c == '"' ? State.QUOTED : c == delimiter ? State.FIELD_START : State.UNQUOTED;
            };
        }
        return state;
    }
}
