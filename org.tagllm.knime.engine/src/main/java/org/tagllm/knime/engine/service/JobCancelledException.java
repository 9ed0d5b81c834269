package org.tagllm.knime.engine.service;

import java.nio.file.Path;
import java.util.Optional;
import org.tagllm.knime.engine.train.TrainingCancelledException;

/**
 * A job was cancelled. A training job says how many optimizer steps it completed and where its newest checkpoint is
 * (its cause, the {@link TrainingCancelledException}, knows them), so it can be resumed; a job cancelled while queued
 * did no work.
 */
public final class JobCancelledException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param cause why it stopped: for a training job the trainer's cancellation; may be null */
    public JobCancelledException(String job, Throwable cause) {
        super(job + " was cancelled" + (steps(cause) > 0 ? " after " + steps(cause) + " optimizer steps" : "")
                + checkpoint(cause).map(c -> "; resume from " + c).orElse(""), cause);
    }

    public long completedSteps() {
        return steps(getCause());
    }

    public Optional<Path> lastCheckpoint() {
        return checkpoint(getCause());
    }

    private static long steps(Throwable cause) {
        return cause instanceof TrainingCancelledException t ? t.completedSteps() : 0;
    }

    private static Optional<Path> checkpoint(Throwable cause) {
        return cause instanceof TrainingCancelledException t ? t.lastCheckpoint() : Optional.empty();
    }
}
