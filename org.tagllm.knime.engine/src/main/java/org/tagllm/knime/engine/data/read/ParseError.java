package org.tagllm.knime.engine.data.read;

/**
 * Why a record could not be read as fields.
 *
 * @param reason short and free of values, so that the report can group by it (e.g. "wrong number of fields")
 * @param detail what exactly was wrong with this record, or {@code null}
 * @param text the record's own text (abbreviated), to show the user
 * @param record the record's whole text where the reader held it (a CSV record it could not split into fields), to
 *     write beside a prediction; {@code null} otherwise
 */
public record ParseError(String reason, String detail, String text, String record) {

    public ParseError {
        text = text == null ? null : Abbreviation.of(text);
    }

    /** Without the whole record text. */
    public ParseError(String reason, String detail, String text) {
        this(reason, detail, text, null);
    }

    @Override
    public String toString() {
        return detail == null ? reason : reason + " (" + detail + ")";
    }
}
