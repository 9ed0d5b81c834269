package org.tagllm.knime.engine.train;

/**
 * Receives progress reports on the working thread: every few optimizer steps and after every evaluation
 * ({@link #onProgress}), and in the phases around them — reading the data, evaluating rows ({@link #onWork}).
 */
@FunctionalInterface
public interface ProgressListener {

    /** Ignores every report. */
    ProgressListener NONE = progress -> {};

    void onProgress(TrainingProgress progress);

    /** A phase apart from the optimizer steps advanced; ignored unless overridden. */
    default void onWork(WorkProgress work) {}
}
