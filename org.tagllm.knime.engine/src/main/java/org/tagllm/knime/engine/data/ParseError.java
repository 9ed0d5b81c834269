package org.tagllm.knime.engine.data;

/**
 * Why a record could not be read as fields.
 *
 * @param reason short and free of values, so that the report can group by it (e.g. "wrong number of fields")
 * @param detail what exactly was wrong with this record, or {@code null}
 * @param text the record's own text (abbreviated), to show the user
 */
public record ParseError(String reason, String detail, String text) {

    public ParseError {
        text = text == null ? null : Abbreviation.of(text);
    }

    @Override
    public String toString() {
        return detail == null ? reason : reason + " (" + detail + ")";
    }
}
