package org.tagllm.knime.engine.service;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A listener under which each job, once running, waits until {@code jobs} jobs are running: only jobs that run at the
 * same time all pass within the timeout, and {@link #met()} says whether they did.
 */
final class RunningTogether implements JobListener {

    private final CountDownLatch running;
    private final Duration timeout;
    private final AtomicBoolean met = new AtomicBoolean(true);

    RunningTogether(int jobs, Duration timeout) {
        this.running = new CountDownLatch(jobs);
        this.timeout = timeout;
    }

    @Override
    public void onStateChanged(JobState s) {
        if (s == JobState.RUNNING) {
            running.countDown();
            try {
                if (!running.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    met.set(false);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether every job found all the others running. */
    boolean met() {
        return met.get();
    }
}
