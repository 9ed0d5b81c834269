package org.tagllm.knime.engine.split;

import java.util.Collection;
import java.util.TreeSet;

/** A row of a given split whose value the mapping does not know. */
public class UnknownPartitionException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int row;
    private final String value;

    /**
     * @param row   1-based row number (the first data row is 1)
     * @param value the value found, possibly null
     * @param known the values the mapping knows
     */
    public UnknownPartitionException(int row, String value, Collection<String> known) {
        super("row " + row + " (index " + (row - 1) + "): split value "
                + (value == null ? "is missing" : "'" + value + "' is unknown") + "; expected one of "
                + new TreeSet<>(known));
        this.row = row;
        this.value = value;
    }

    /** 1-based row number. */
    public int row() {
        return row;
    }

    /** The value found; null when it was missing. */
    public String value() {
        return value;
    }
}
