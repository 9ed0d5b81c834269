package org.tagllm.knime.engine.data;

import org.tagllm.knime.engine.data.read.DataFileException;

/**
 * The first bad row of a run under {@link BadRowPolicy#FAIL} (or the first too-long row under {@link
 * LengthPolicy#FAIL}). The message names the file, row, line, column, value (abbreviated) and the reason.
 */
public final class BadRowException extends DataFileException {

    private static final long serialVersionUID = 1L;

    private final transient Problem problem;

    BadRowException(String source, Problem problem, int problemsInRow) {
        super(source + " " + problem.describe()
                + (problemsInRow > 1 ? " (and " + (problemsInRow - 1) + " more in this row)" : ""));
        this.problem = problem;
    }

    /** The row's first problem. */
    public Problem problem() {
        return problem;
    }
}
