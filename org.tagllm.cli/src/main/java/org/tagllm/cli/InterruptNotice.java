package org.tagllm.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.tagllm.knime.engine.train.CancellationToken;
import org.tagllm.knime.engine.train.TrainingCheckpoint;

/**
 * While a training run goes on, a shutdown hook that says, when the run is stopped (Ctrl-C, SIGTERM), what was kept
 * and how to go on: the latest checkpoint and its step, and {@code --resume}; or that nothing was kept. The hook
 * first cancels the run and waits until it has stopped (its {@link #cancellation()} is the run's), so that no
 * checkpoint is half-written and no progress line follows the notice. Closing it (the run ended) removes the hook.
 */
final class InterruptNotice implements AutoCloseable {

    /** How long the hook waits for the run to reach its next step boundary before speaking anyway. */
    private static final long STOP_WAIT_SECONDS = 20;

    private final Thread hook;
    private final CancellationToken token = new CancellationToken();
    private final CountDownLatch stopped = new CountDownLatch(1);

    private InterruptNotice(String command, Path checkpoints, PrintWriter err) {
        this.hook = new Thread(() -> {
            token.cancel();
            try {
                stopped.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            err.println("tagllm " + command + ": interrupted; " + kept(checkpoints));
            err.flush();
        }, "tagllm-interrupt-notice");
    }

    /** The run's cancellation: true once the process was asked to stop. */
    BooleanSupplier cancellation() {
        return token;
    }

    /** Whether the run was stopped by a signal (the hook speaks for it then; the command stays silent). */
    boolean interrupted() {
        return token.isCancelled();
    }

    /** Registers the notice for a run of {@code command} that writes its checkpoints into {@code checkpoints}. */
    static InterruptNotice install(String command, Path checkpoints, PrintWriter err) {
        InterruptNotice notice = new InterruptNotice(command, checkpoints, err);
        Runtime.getRuntime().addShutdownHook(notice.hook);
        return notice;
    }

    static String kept(Path checkpoints) {
        Optional<Path> latest;
        try {
            latest = TrainingCheckpoint.latest(checkpoints);
        } catch (IOException e) {
            return "its checkpoints in " + checkpoints + " could not be listed (" + e.getMessage() + ")";
        }
        if (latest.isEmpty()) {
            return "no checkpoint was written yet, so nothing is kept (--checkpoint-every N keeps one every N steps)";
        }
        String step;
        try {
            step = "step " + TrainingCheckpoint.read(latest.get()).step();
        } catch (IOException e) {
            step = "unreadable: " + e.getMessage();
        }
        return "kept the checkpoint " + latest.get() + " (" + step + "); to continue, run the same command with "
                + "--resume";
    }

    @Override
    public void close() {
        stopped.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook runs and says what was kept.
        }
    }
}
