package org.tagllm.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import org.tagllm.knime.engine.train.TrainingCheckpoint;

/**
 * While a training run goes on, a shutdown hook that says, when the run is stopped (Ctrl-C, SIGTERM), what was kept
 * and how to go on: the latest checkpoint and its step, and {@code --resume}; or that nothing was kept. Closing it
 * (the run ended by itself) removes the hook.
 */
final class InterruptNotice implements AutoCloseable {

    private final Thread hook;

    private InterruptNotice(String command, Path checkpoints, PrintWriter err) {
        this.hook = new Thread(() -> {
            err.println("tagllm " + command + ": interrupted; " + kept(checkpoints));
            err.flush();
        }, "tagllm-interrupt-notice");
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
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook runs and says what was kept.
        }
    }
}
