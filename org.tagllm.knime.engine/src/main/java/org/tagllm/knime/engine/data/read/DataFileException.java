package org.tagllm.knime.engine.data.read;

import java.io.IOException;

/**
 * An input file we cannot read as a table at all, or not past a certain line: no header, a quote that is never
 * closed, text that is not in the declared encoding. The message names the file and the line and is meant for the
 * user as it is.
 */
public class DataFileException extends IOException {

    private static final long serialVersionUID = 1L;

    public DataFileException(String message) {
        super(message);
    }

    public DataFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
