package org.tagllm.knime.engine.service;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A job was cancelled. A training job says how many optimizer steps it completed and where its newest checkpoint is,
 * so it can be resumed; a job cancelled while queued did no work.
 */
public final class JobCancelledException extends Exception {

    private static final long serialVersionUID = 1L;

    private final long completedSteps;
    private final transient Path lastCheckpoint;

    public JobCancelledException(String job, long completedSteps, Path lastCheckpoint, Throwable cause) {
        super(job + " was cancelled" + (completedSteps > 0 ? " after " + completedSteps + " optimizer steps" : "")
                + (lastCheckpoint == null ? "" : "; resume from " + lastCheckpoint), cause);
        this.completedSteps = completedSteps;
        this.lastCheckpoint = lastCheckpoint;
    }

    public long completedSteps() {
        return completedSteps;
    }

    public Optional<Path> lastCheckpoint() {
        return Optional.ofNullable(lastCheckpoint);
    }
}
