package org.tagllm.knime.engine.service;

/**
 * The shared engine: one copy of each model in memory, jobs queued per device, cancellable.
 *
 * <pre>{@code
 * try (TagEngineService engine = LocalTagEngine.builder().build()) {
 *     JobHandle<TagPredictor.Result> job = engine.submit(new PredictionJob(modelDir, "cpu", bank, null,
 *             DataSource.of(csv), 256, 16), progressListener);
 *     TagPredictor.Result result = job.await();
 * }
 * }</pre>
 */
public interface TagEngineService extends AutoCloseable {

    /** Queues a job; progress and state changes go to {@code listener}. */
    <R> JobHandle<R> submit(JobRequest<R> request, JobListener listener);

    /** Queues a job nobody listens to. */
    default <R> JobHandle<R> submit(JobRequest<R> request) {
        return submit(request, JobListener.NONE);
    }

    /** Cancels queued and running jobs, waits for the workers, and releases every cached model. */
    @Override
    void close();
}
