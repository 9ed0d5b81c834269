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

    /**
     * Asked before every optimizer step: true ends the run now, as early stopping does (a partial epoch is validated,
     * the best validation epoch's parameters are put back when the settings keep it). A learning monitor's "stop".
     */
    default boolean finishRequested() {
        return false;
    }
}
