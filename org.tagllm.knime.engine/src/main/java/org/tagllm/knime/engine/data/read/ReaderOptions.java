package org.tagllm.knime.engine.data.read;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * How to read an input file. Start from {@link #defaults()} and change what differs.
 *
 * @param format read the file as if its name ended in this extension ({@code "csv"}, {@code "tsv"}, {@code "fasta"},
 *     {@code "txt"}, …), or {@code null} to go by its name
 * @param delimiter field delimiter of a CSV or TSV file, or {@code null} for the format's own ({@code ,} or tab)
 * @param charset the file's encoding; bytes that are not valid in it are an error naming the line
 * @param lineField the field name of a one-record-per-line file's only column
 * @param maxRecordChars the longest record we hold in memory; a longer one is a bad record, never an
 *     {@link OutOfMemoryError}
 */
public record ReaderOptions(String format, Character delimiter, Charset charset, String lineField, int maxRecordChars) {

    /** 16 Mi characters (32 MiB): far beyond any molecule or protein, far below any heap we run in. */
    public static final int DEFAULT_MAX_RECORD_CHARS = 16 << 20;

    public ReaderOptions {
        format = format == null ? null : format.strip().toLowerCase(Locale.ROOT).replaceFirst("^\\.", "");
        if (format != null && format.isEmpty()) {
            throw new IllegalArgumentException("format must name a file extension such as csv, or be left unset");
        }
        if (delimiter != null && (delimiter == '"' || delimiter == '\n' || delimiter == '\r')) {
            throw new IllegalArgumentException("delimiter " + printable(delimiter)
                    + " cannot separate fields: it is the quote or a line break");
        }
        if (charset == null) {
            throw new IllegalArgumentException("charset is required");
        }
        if (lineField == null || lineField.isBlank()) {
            throw new IllegalArgumentException("lineField must name the column of a one-record-per-line file");
        }
        if (maxRecordChars < 1) {
            throw new IllegalArgumentException("maxRecordChars must be positive, not " + maxRecordChars);
        }
    }

    /** By file name, the format's delimiter, UTF-8, line field {@code text}, records up to 16 Mi characters. */
    public static ReaderOptions defaults() {
        return new ReaderOptions(null, null, StandardCharsets.UTF_8, "text", DEFAULT_MAX_RECORD_CHARS);
    }

    public ReaderOptions withFormat(String newFormat) {
        return new ReaderOptions(newFormat, delimiter, charset, lineField, maxRecordChars);
    }

    public ReaderOptions withDelimiter(Character newDelimiter) {
        return new ReaderOptions(format, newDelimiter, charset, lineField, maxRecordChars);
    }

    public ReaderOptions withCharset(Charset newCharset) {
        return new ReaderOptions(format, delimiter, newCharset, lineField, maxRecordChars);
    }

    public ReaderOptions withLineField(String newLineField) {
        return new ReaderOptions(format, delimiter, charset, newLineField, maxRecordChars);
    }

    public ReaderOptions withMaxRecordChars(int newMaxRecordChars) {
        return new ReaderOptions(format, delimiter, charset, lineField, newMaxRecordChars);
    }

    /** The delimiter to use: the option if set, else {@code formatDefault}. */
    char delimiterOr(char formatDefault) {
        return delimiter != null ? delimiter : formatDefault;
    }

    static String printable(char c) {
        return switch (c) {
            case '\t' -> "'\\t' (tab)";
            case '\n' -> "'\\n'";
            case '\r' -> "'\\r'";
            default -> "'" + c + "'";
        };
    }
}
