package org.tagllm.knime.engine.data;

import org.tagllm.knime.engine.data.read.Abbreviation;

/**
 * One thing wrong with one row.
 *
 * @param row 1-based record number
 * @param line 1-based line where the record starts
 * @param column the column at fault, or {@code null} when the record itself could not be read
 * @param value the offending value or record text, abbreviated to at most 80 characters
 * @param reason short and free of values, so that reports group by it
 * @param detail what exactly was wrong here, or {@code null}
 */
public record Problem(long row, long line, String column, String value, String reason, String detail) {

    public Problem {
        value = Abbreviation.of(value);
    }

    /** E.g. {@code row 7 (line 8), column 'logS', value '12 mg': not a number (text after the number)}. */
    public String describe() {
        StringBuilder s = new StringBuilder("row ").append(row).append(" (line ").append(line).append(")");
        if (column != null) {
            s.append(", column '").append(column).append("'");
        }
        if (value != null) {
            s.append(", value '").append(value).append("'");
        }
        s.append(": ").append(reasonAndDetail());
        return s.toString();
    }

    public String reasonAndDetail() {
        return detail == null ? reason : reason + " (" + detail + ")";
    }
}
