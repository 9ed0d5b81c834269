package org.tagllm.knime.nodes.exec;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.tagllm.knime.engine.service.JobCancelledException;
import org.tagllm.knime.engine.service.JobFailedException;
import org.tagllm.knime.engine.service.JobHandle;
import org.tagllm.knime.engine.service.JobListener;
import org.tagllm.knime.engine.service.JobProgress;
import org.tagllm.knime.engine.service.JobRequest;
import org.tagllm.knime.engine.service.ModelJob;
import org.tagllm.knime.engine.service.TagEngineService;

/**
 * Runs one engine job for a node: progress goes to the {@link NodeProgress}, the node's cancellation cancels the job,
 * and the job's end becomes the node's outcome. Cancellation is checked at every progress report (on the worker
 * thread, so a training stops before its next optimizer step) and by polling every {@value #POLL_MILLIS} ms (for jobs
 * that are queued or report rarely).
 */
public final class EngineJobs {

    static final long POLL_MILLIS = 100;

    private EngineJobs() {}

    /**
     * Submits {@code request} and waits for it.
     *
     * @param scale the share of the node's progress bar this job fills, from {@code offset}
     * @throws NodeCancelledException when {@code progress} was cancelled (the job is cancelled and has ended)
     * @throws NodeFailedException    when the job failed; the message is the cause's
     */
    public static <R> R run(TagEngineService engine, JobRequest<R> request, NodeProgress progress, double offset,
            double scale) throws NodeCancelledException, NodeFailedException {
        AtomicReference<JobHandle<R>> handle = new AtomicReference<>();
        AtomicBoolean cancelAsked = new AtomicBoolean();
        JobListener listener = new JobListener() {
            @Override
            public void onProgress(JobProgress p) {
                progress.progress(offset + scale * clamp(p.fraction()), message(p));
                if (p.loss().isPresent()) {
                    progress.training(p.step(), p.loss().getAsDouble(), p.epoch(), p.validation());
                }
                if (progress.cancelled()) {
                    cancelAsked.set(true);
                    JobHandle<R> h = handle.get();
                    if (h != null) {
                        h.cancel();
                    }
                }
            }

            @Override
            public boolean finishRequested() {
                return progress.finishRequested();
            }
        };
        JobHandle<R> job = engine.submit(request, listener);
        handle.set(job);
        try {
            while (true) {
                if (cancelAsked.get() || progress.cancelled()) {
                    job.cancel();
                }
                try {
                    R result = job.await(Duration.ofMillis(POLL_MILLIS));
                    warnOnFallback(request, job, progress);
                    return result;
                } catch (TimeoutException e) {
                    // still running: look at the cancel flag again
                }
            }
        } catch (JobCancelledException e) {
            throw new NodeCancelledException(e.getMessage(), e.completedSteps(), e);
        } catch (JobFailedException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new NodeFailedException(cause.getMessage() != null ? cause.getMessage() : cause.toString(), cause);
        } catch (InterruptedException e) {
            job.cancel();
            Thread.currentThread().interrupt();
            throw new NodeCancelledException(job.description() + " was interrupted", 0, e);
        }
    }

    /** A GPU asked for but absent: the engine ran on the CPU, and the node says so. */
    private static void warnOnFallback(JobRequest<?> request, JobHandle<?> job, NodeProgress progress) {
        if (request instanceof ModelJob<?> m && job.device().isPresent()) {
            String asked = m.device().strip().toLowerCase(Locale.ROOT);
            if (!asked.equals(job.device().get())) {
                progress.warning("device " + asked + " is not available; ran on " + job.device().get());
            }
        }
    }

    /** The engine's one-line message, e.g. {@code epoch 2/3, step 40/96, loss 0.4132}, with the loss if it lacks it. */
    static String message(JobProgress p) {
        String m = p.message() == null ? "" : p.message();
        if (p.loss().isPresent() && !m.contains("loss")) {
            m = m + (m.isEmpty() ? "" : ", ") + String.format(Locale.ROOT, "step %d, loss %.4f", p.step(),
                    p.loss().getAsDouble());
        }
        return m;
    }

    private static double clamp(double f) {
        return Double.isFinite(f) ? Math.max(0, Math.min(1, f)) : 0;
    }
}
