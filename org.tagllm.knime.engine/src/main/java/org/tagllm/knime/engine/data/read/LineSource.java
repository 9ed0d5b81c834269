package org.tagllm.knime.engine.data.read;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The physical lines of a text file, numbered from 1, each held to at most {@code maxChars} characters: the rest of a
 * longer line is read past without being kept, so a huge line costs no memory. Line ends are {@code \n}, {@code \r\n}
 * or {@code \r}; a UTF-8 byte-order mark at the start is dropped; a {@code .gz} file is decompressed on the fly.
 *
 * <p>Bytes that are not valid in the charset become U+FFFD rather than an exception: the loader reports the row that
 * holds one, instead of ending the run somewhere near it.
 */
final class LineSource implements Closeable {

    /**
     * @param text the line without its line end, at most {@code maxChars} characters
     * @param number 1-based line number
     * @param length the line's full length; more than {@code text.length()} when it was cut
     */
    record Line(String text, long number, long length) {

        boolean isCut() {
            return length > text.length();
        }

        boolean isBlank() {
            return length == text.length() && text.isBlank();
        }
    }

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private final Reader in;
    private final int maxChars;
    private final char[] buffer = new char[64 * 1024];
    private final StringBuilder line = new StringBuilder();
    private int position;
    private int end;
    private long lineNumber;
    private boolean atStart = true;
    private boolean afterCarriageReturn;

    private LineSource(Reader in, int maxChars) {
        this.in = in;
        this.maxChars = maxChars;
    }

    static LineSource open(Path file, Charset charset, int maxChars) throws IOException {
        return new LineSource(reader(file, charset), maxChars);
    }

    /** The file's text, decompressed when its name ends in {@code .gz}; undecodable bytes become U+FFFD. */
    static Reader reader(Path file, Charset charset) throws IOException {
        requireFile(file);
        InputStream raw = Files.newInputStream(file);
        try {
            InputStream bytes = RecordReaders.isGzip(file) ? gunzip(file, raw) : raw;
            return new InputStreamReader(bytes, charset);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** Reading a folder fails with a bare "Is a directory" that names nothing; say which and what is wanted. */
    static void requireFile(Path file) throws DataFileException {
        if (Files.isDirectory(file)) {
            throw new DataFileException(file + " is a folder; give a data file");
        }
    }

    private static InputStream gunzip(Path file, InputStream raw) throws IOException {
        try {
            return new GZIPInputStream(raw, 64 * 1024);
        } catch (ZipException e) {
            throw new DataFileException(file + ": named .gz but not gzip-compressed (" + e.getMessage() + ")", e);
        }
    }

    /** Number of the last line returned; 0 before the first. */
    long lineNumber() {
        return lineNumber;
    }

    /** The next line, or {@code null} at the end of the file. */
    Line next() throws IOException {
        line.setLength(0);
        long length = 0;
        boolean sawAny = false;
        while (true) {
            if (position == end && !fill()) {
                if (!sawAny) {
                    return null;
                }
                return new Line(line.toString(), ++lineNumber, length);
            }
            if (afterCarriageReturn) {
                afterCarriageReturn = false;
                if (buffer[position] == '\n') {
                    position++; // the \n of \r\n
                    continue;
                }
            }
            sawAny = true;
            int start = position;
            while (position < end && buffer[position] != '\n' && buffer[position] != '\r') {
                position++;
            }
            int count = position - start;
            int room = maxChars - line.length();
            line.append(buffer, start, Math.min(count, Math.max(room, 0)));
            length += count;
            if (position < end) {
                afterCarriageReturn = buffer[position] == '\r';
                position++;
                return new Line(line.toString(), ++lineNumber, length);
            }
        }
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer);
        while (n == 0) {
            n = in.read(buffer);
        }
        if (n < 0) {
            return false;
        }
        position = 0;
        end = n;
        if (atStart) {
            atStart = false;
            if (buffer[0] == BYTE_ORDER_MARK) {
                position = 1;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
