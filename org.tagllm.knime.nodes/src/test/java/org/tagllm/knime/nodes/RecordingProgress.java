package org.tagllm.knime.nodes;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.tagllm.knime.nodes.exec.NodeProgress;

/** Keeps every progress message and warning; turns cancelled once a message matches the trigger. */
public final class RecordingProgress implements NodeProgress {

    public final List<String> messages = new CopyOnWriteArrayList<>();
    public final List<Double> fractions = new CopyOnWriteArrayList<>();
    public final List<String> warnings = new CopyOnWriteArrayList<>();
    private final Predicate<String> cancelTrigger;
    private volatile boolean cancelled;

    public RecordingProgress() {
        this(m -> false);
    }

    /** Cancels once a progress message matches {@code trigger}, as a user pressing cancel after seeing it. */
    public RecordingProgress(Predicate<String> trigger) {
        this.cancelTrigger = trigger;
    }

    @Override
    public void progress(double fraction, String message) {
        fractions.add(fraction);
        messages.add(message);
        if (cancelTrigger.test(message)) {
            cancelled = true;
        }
    }

    @Override
    public boolean cancelled() {
        return cancelled;
    }

    @Override
    public void warning(String message) {
        warnings.add(message);
    }
}
