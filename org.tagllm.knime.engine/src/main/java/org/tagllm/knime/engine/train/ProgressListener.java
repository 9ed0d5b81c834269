package org.tagllm.knime.engine.train;

/** Receives progress reports, on the training thread, every few optimizer steps and after every evaluation. */
@FunctionalInterface
public interface ProgressListener {

    /** Ignores every report. */
    ProgressListener NONE = progress -> {};

    void onProgress(TrainingProgress progress);
}
