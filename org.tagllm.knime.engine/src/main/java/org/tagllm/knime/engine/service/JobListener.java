package org.tagllm.knime.engine.service;

/**
 * Receives a job's progress and state changes, on the job's worker thread: keep the work done here short. A
 * listener that throws does not stop the job (the exception goes to the service's warnings). KNIME's
 * ExecutionMonitor and the CLI's progress bar plug in here.
 */
public interface JobListener {

    /** Ignores everything. */
    JobListener NONE = new JobListener() {};

    default void onProgress(JobProgress progress) {}

    default void onStateChanged(JobState state) {}

    /** Asked by a training job before every optimizer step: true finishes the training now, keeping its best state. */
    default boolean finishRequested() {
        return false;
    }
}
