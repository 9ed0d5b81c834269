package org.tagllm.knime.engine.train;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Training stopped because it was cancelled. The trainables hold the parameters after {@link #completedSteps()}
 * optimizer steps; the last checkpoint, if any, is intact and can be resumed.
 */
public final class TrainingCancelledException extends Exception {

    private static final long serialVersionUID = 1L;

    private final long completedSteps;
    private final transient Path lastCheckpoint;

    public TrainingCancelledException(long completedSteps, Path lastCheckpoint) {
        super("training cancelled after " + completedSteps + " optimizer steps"
                + (lastCheckpoint == null ? "; no checkpoint was written" : "; resume from " + lastCheckpoint));
        this.completedSteps = completedSteps;
        this.lastCheckpoint = lastCheckpoint;
    }

    public long completedSteps() {
        return completedSteps;
    }

    /** The newest complete checkpoint of the run, if one was written. */
    public Optional<Path> lastCheckpoint() {
        return Optional.ofNullable(lastCheckpoint);
    }
}
