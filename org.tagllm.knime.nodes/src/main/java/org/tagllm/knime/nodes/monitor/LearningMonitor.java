package org.tagllm.knime.nodes.monitor;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;
import org.tagllm.knime.nodes.exec.NodeProgress;
import org.tagllm.knime.nodes.port.TrainingCurve;

/**
 * What a training node's learning monitor shows while the node executes: every reported step's training loss and
 * every epoch's validation score, as they arrive from the engine's worker thread; and the user's request to stop,
 * which the engine answers by ending the run as early stopping does (the partial epoch validated, the best epoch's
 * parameters kept when the settings keep them). Thread-safe; a view reads {@link #snapshot()} when told of a change.
 *
 * <p>Wire it by {@link #watch}: the node's progress goes on to KNIME unchanged, the monitor sees the training reports.
 */
public final class LearningMonitor {

    /** One point of a curve: the optimizer step it was taken after, and the value. */
    public record Point(long step, double value) {}

    /**
     * What the monitor has seen of the current execution.
     *
     * @param run           what is training, e.g. {@code stage 2 <QED>}; empty before the first execution
     * @param losses        the training loss of every reported step
     * @param validations   the validation score after every epoch, at the step it was taken
     * @param stopRequested whether the user asked the training to stop
     */
    public record Snapshot(String run, List<Point> losses, List<Point> validations, boolean stopRequested) {
        public Snapshot {
            losses = List.copyOf(losses);
            validations = List.copyOf(validations);
        }

        /** The curves of a finished run, as the port view shows them: steps numbered from 1, validation per epoch. */
        public static Snapshot of(TrainingCurve curve) {
            List<Point> losses = new ArrayList<>();
            for (int i = 0; i < curve.stepLosses().size(); i++) {
                losses.add(new Point(i + 1, curve.stepLosses().get(i)));
            }
            List<Point> validations = new ArrayList<>();
            int steps = curve.stepLosses().size();
            int epochs = Math.max(1, curve.validations().size());
            for (int i = 0; i < curve.validations().size(); i++) {
                // The curve keeps no validation steps; epoch ends are spread evenly over the steps.
                validations.add(new Point(Math.round((double) steps * (i + 1) / epochs), curve.validations().get(i)));
            }
            return new Snapshot(curve.run(), losses, validations, false);
        }

        /** The epoch (from 1) with the lowest validation score, or 0 without validation. */
        public int bestEpoch() {
            int best = 0;
            for (int i = 0; i < validations.size(); i++) {
                if (best == 0 || validations.get(i).value() < validations.get(best - 1).value()) {
                    best = i + 1;
                }
            }
            return best;
        }
    }

    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private String run = "";
    private final List<Point> losses = new ArrayList<>();
    private final List<Point> validations = new ArrayList<>();
    private volatile boolean stopRequested;

    /** Forgets the previous execution and starts showing {@code what}; a stop asked before is forgotten too. */
    public void begin(String what) {
        synchronized (this) {
            run = what;
            losses.clear();
            validations.clear();
            stopRequested = false;
        }
        changed();
    }

    /** A training report from the engine (see {@link NodeProgress#training}). */
    public void record(long step, double loss, OptionalDouble validation) {
        synchronized (this) {
            if (validation.isPresent()) {
                validations.add(new Point(step, validation.getAsDouble()));
            } else if (losses.isEmpty() || losses.get(losses.size() - 1).step() != step) {
                losses.add(new Point(step, loss));
            }
        }
        changed();
    }

    /** The user's stop: the training ends before its next step and keeps its best state. */
    public void requestStop() {
        boolean first;
        synchronized (this) {
            first = !stopRequested;
            stopRequested = true;
        }
        if (first) {
            changed(); // once: a listener that asks to stop when told of a change must not recurse
        }
    }

    public boolean stopRequested() {
        return stopRequested;
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(run, losses, validations, stopRequested);
    }

    /** {@code listener} runs, on the reporting thread, after every change; a view schedules its repaint there. */
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    private void changed() {
        listeners.forEach(Runnable::run);
    }

    /** {@code progress} with this monitor listening to its training reports and answering for the stop. */
    public NodeProgress watch(NodeProgress progress) {
        LearningMonitor monitor = this;
        return new NodeProgress() {
            @Override
            public void progress(double fraction, String message) {
                progress.progress(fraction, message);
            }

            @Override
            public boolean cancelled() {
                return progress.cancelled();
            }

            @Override
            public void warning(String message) {
                progress.warning(message);
            }

            @Override
            public void training(long step, double loss, int epoch, OptionalDouble validation) {
                monitor.record(step, loss, validation);
                progress.training(step, loss, epoch, validation);
            }

            @Override
            public boolean finishRequested() {
                return monitor.stopRequested() || progress.finishRequested();
            }
        };
    }
}
