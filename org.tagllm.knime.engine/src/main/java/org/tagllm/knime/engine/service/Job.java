package org.tagllm.knime.engine.service;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.tagllm.knime.engine.train.CancellationToken;

/**
 * A job's state machine and outcome. State moves QUEUED → RUNNING → DONE/FAILED/CANCELLED, or QUEUED → CANCELLED;
 * every move is a compare-and-set, so a cancel racing a start has one winner. The work itself is done by
 * {@link LocalTagEngine}.
 */
final class Job<R> implements JobHandle<R> {

    private final JobRequest<R> request;
    private final JobListener listener;
    private final CancellationToken token = new CancellationToken();
    private final AtomicReference<JobState> state = new AtomicReference<>(JobState.QUEUED);
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile Runnable onQueuedCancel = () -> {};
    private R result;
    private Exception failure;

    private final String device;
    private final WarningListener warnings;

    Job(JobRequest<R> request, String device, JobListener listener, WarningListener warnings) {
        this.request = request;
        this.device = device;
        this.listener = listener;
        this.warnings = warnings;
    }

    @Override
    public Optional<String> device() {
        return Optional.ofNullable(device);
    }

    JobRequest<R> request() {
        return request;
    }

    CancellationToken token() {
        return token;
    }

    /** What to do when the job is cancelled before it starts (take it off the executor's queue). */
    void onQueuedCancel(Runnable action) {
        onQueuedCancel = action;
    }

    @Override
    public String description() {
        return request.description();
    }

    @Override
    public JobState state() {
        return state.get();
    }

    /** QUEUED → RUNNING; false when the job was cancelled meanwhile. */
    boolean start() {
        if (token.isCancelled() || !state.compareAndSet(JobState.QUEUED, JobState.RUNNING)) {
            return false;
        }
        notifyState(JobState.RUNNING);
        return true;
    }

    @Override
    public boolean cancel() {
        token.cancel();
        if (state.compareAndSet(JobState.QUEUED, JobState.CANCELLED)) {
            onQueuedCancel.run();
            end(JobState.CANCELLED, null, new JobCancelledException(description(), null));
            return true;
        }
        return state.get() == JobState.RUNNING;
    }

    void succeed(R value) {
        finish(JobState.DONE, value, null);
    }

    void fail(Exception cause) {
        finish(JobState.FAILED, null, new JobFailedException(description(), cause));
    }

    void cancelled(JobCancelledException e) {
        // A job cancelled while waiting for its device is still QUEUED; one cancelled at work is RUNNING.
        if (!state.compareAndSet(JobState.RUNNING, JobState.CANCELLED)
                && !state.compareAndSet(JobState.QUEUED, JobState.CANCELLED)) {
            return;
        }
        end(JobState.CANCELLED, null, e);
    }

    private void finish(JobState finalState, R value, Exception e) {
        if (state.compareAndSet(JobState.RUNNING, finalState)) {
            end(finalState, value, e);
        }
    }

    private void end(JobState finalState, R value, Exception e) {
        result = value;
        failure = e;
        notifyState(finalState);
        ended.countDown(); // publishes result and failure to awaiting threads
    }

    /** The listener's wish to finish a training now; a failing listener does not end the job. */
    boolean finishRequested() {
        try {
            return listener.finishRequested();
        } catch (RuntimeException e) {
            listenerFailed(e);
            return false;
        }
    }

    void progress(JobProgress p) {
        try {
            listener.onProgress(p);
        } catch (RuntimeException e) {
            listenerFailed(e); // a broken progress display must not break the job
        }
    }

    private void notifyState(JobState s) {
        try {
            listener.onStateChanged(s);
        } catch (RuntimeException e) {
            listenerFailed(e);
        }
    }

    private void listenerFailed(RuntimeException e) {
        try {
            warnings.onWarning("the listener of " + description() + " threw " + e + "; the job goes on");
        } catch (RuntimeException ignored) {
            // Nothing is left to tell.
        }
    }

    @Override
    public R await() throws JobFailedException, JobCancelledException, InterruptedException {
        ended.await();
        return outcome();
    }

    @Override
    public R await(Duration timeout) throws JobFailedException, JobCancelledException, InterruptedException,
            TimeoutException {
        if (!ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new TimeoutException(description() + " did not end within " + timeout + "; it is " + state());
        }
        return outcome();
    }

    private R outcome() throws JobFailedException, JobCancelledException {
        if (failure instanceof JobFailedException f) {
            throw f;
        }
        if (failure instanceof JobCancelledException c) {
            throw c;
        }
        return result;
    }

    @Override
    public String toString() {
        return description() + " [" + state() + "]";
    }
}
