package org.tagllm.knime.engine.train;

import java.io.IOException;

/**
 * A training checkpoint that cannot be used: missing, incomplete, corrupt, or written with other settings than the
 * run that wants to resume from it. The message names the folder, the file or setting to blame, and what to do.
 */
public class CheckpointException extends IOException {

    private static final long serialVersionUID = 1L;

    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
