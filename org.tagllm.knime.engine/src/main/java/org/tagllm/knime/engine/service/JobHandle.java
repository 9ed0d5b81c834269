package org.tagllm.knime.engine.service;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/** A submitted job: its state, a way to cancel it, and its result once it ends. */
public interface JobHandle<R> {

    /** What the job does, for messages, e.g. {@code "prediction <QED> on /data/test.csv"}. */
    String description();

    JobState state();

    /**
     * The device the job runs on after fallback ({@code "cpu"} or {@code "cuda:N"}), empty for jobs without a model.
     */
    Optional<String> device();

    /**
     * Asks the job to stop. A queued job never starts; a training job stops within one optimizer step; a running
     * prediction cannot be interrupted (the predictor has no hook), finishes, and its result is discarded. Returns
     * false when the job had already ended.
     */
    boolean cancel();

    /** Waits for the job to end and returns its result. */
    R await() throws JobFailedException, JobCancelledException, InterruptedException;

    /** As {@link #await()}, giving up after {@code timeout}. */
    R await(Duration timeout) throws JobFailedException, JobCancelledException, InterruptedException,
            TimeoutException;
}
