package org.tagllm.knime.engine.service;

/** Where a job is in its life; DONE, FAILED and CANCELLED are final. */
public enum JobState {
    /** Submitted, waiting for a thread or for its device. */
    QUEUED,
    /** Holding its device and working. */
    RUNNING,
    DONE,
    FAILED,
    CANCELLED;

    public boolean isFinal() {
        return this == DONE || this == FAILED || this == CANCELLED;
    }
}
