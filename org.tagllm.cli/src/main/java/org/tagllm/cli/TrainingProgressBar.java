package org.tagllm.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.tagllm.knime.engine.method.PredictionProgress;
import org.tagllm.knime.engine.train.ProgressListener;
import org.tagllm.knime.engine.train.TrainingProgress;
import org.tagllm.knime.engine.train.WorkProgress;
import org.tagllm.knime.engine.train.WorkProgress.Phase;

/**
 * Shows on standard error what the engine reports, phase by phase: reading data (rows read), training (epoch, step
 * s/N, the loss and validation score by name and units), evaluating validation or test rows, predicting (rows done/N),
 * each with its rate and, where the total is known, the time left. The phases come from the engine's listeners
 * ({@link ProgressListener}, {@link PredictionProgress}); this class only renders them.
 *
 * <p>In a terminal, one progress bar per phase. Without one (CI, scripts, redirected output), plain lines that a log
 * can keep: one when a phase starts and when it ends, in between at most one per tenth of the phase or per
 * {@value #LOG_INTERVAL_SECONDS} s, never the same line twice in a row.
 */
final class TrainingProgressBar implements ProgressListener, PredictionProgress, AutoCloseable {

    static final int LOG_INTERVAL_SECONDS = 5;

    /**
     * A log holds back the lines of reading data for this long: a file refused while being read or split then
     * yields its one error line alone; a read that takes longer shows its progress.
     */
    static final long READING_HOLD_NANOS = 2_000_000_000L;

    private final String task;
    private final PrintWriter err;
    private final boolean terminal;

    /** The phase being shown: its label, unit and total, where it started, and its last state as a line. */
    private String phase;
    private long phaseStartNanos;
    private long phaseStartDone;
    private String pending;
    private String lastPrinted;
    private String lastState;
    private long lastPrintedNanos;
    private int lastPrintedTenth = -1;
    private ProgressBar bar;
    private final List<String> held = new ArrayList<>();
    private long readingStartNanos = -1;

    /** Where the training phase started, for its rate and the time left (validation pauses included). */
    private long trainingStartNanos = -1;
    private long trainingStartStep;

    TrainingProgressBar(String task, PrintWriter err) {
        this(task, err, System.console() != null);
    }

    /** @param terminal draw bars (true) or write log lines (false) */
    TrainingProgressBar(String task, PrintWriter err, boolean terminal) {
        this.task = task;
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public void onProgress(TrainingProgress p) {
        long now = System.nanoTime();
        if (trainingStartNanos < 0 || p.step() < trainingStartStep) {
            trainingStartNanos = now;
            trainingStartStep = p.step();
        }
        StringBuilder line = new StringBuilder();
        line.append("epoch ").append(p.epoch()).append(p.epochs() > 0 ? "/" + p.epochs() : "").append(", step ")
                .append(p.step()).append('/').append(p.totalSteps())
                .append(String.format(Locale.ROOT, " (%d%%)", percent(p.step(), p.totalSteps())))
                .append(", ").append(p.scoreNames().trainingLoss()).append(' ').append(figure(p.loss()));
        if (p.validation().isPresent()) {
            line.append(", ").append(p.scoreNames().validation()).append(' ')
                    .append(figure(p.validation().getAsDouble()));
        }
        line.append(", ").append(rate(p.examplesPerSecond())).append(" examples/s");
        line.append(eta(now - trainingStartNanos, p.step() - trainingStartStep, p.totalSteps() - p.step()));
        show("training", "steps", p.step(), p.totalSteps(), line.toString(), p.step() >= p.totalSteps(), now,
                p.validation().isPresent() ? "validation" : "");
    }

    @Override
    public void onWork(WorkProgress w) {
        work(w.phase(), w.done(), w.total());
    }

    @Override
    public void onReading(long rows) {
        work(Phase.READING, rows, -1);
    }

    @Override
    public void onRows(long done, long rows) {
        work(Phase.PREDICTING, done, rows);
    }

    private void work(Phase p, long done, long total) {
        long now = System.nanoTime();
        if (!p.label().equals(phase)) {
            phaseStartNanos = now;
            phaseStartDone = done;
        }
        double seconds = (now - phaseStartNanos) / 1e9;
        StringBuilder line = new StringBuilder();
        line.append(done);
        if (total >= 0) {
            line.append('/').append(total);
        }
        line.append(' ').append(p.unit());
        if (total > 0) {
            line.append(String.format(Locale.ROOT, " (%d%%)", percent(done, total)));
        }
        if (seconds > 0 && done > phaseStartDone) {
            line.append(", ").append(rate((done - phaseStartDone) / seconds)).append(' ').append(p.unit())
                    .append("/s");
            if (total > done) {
                line.append(eta(now - phaseStartNanos, done - phaseStartDone, total - done));
            }
        }
        show(p.label(), p.unit(), done, total, line.toString(), total >= 0 && done >= total, now, "");
    }

    /**
     * Shows a phase's state. A log gets a line when the phase starts or ends, when its tenth changes, after
     * {@value #LOG_INTERVAL_SECONDS} s, or when {@code news} is new (a validation score); a new phase first flushes
     * the last unprinted state of the one before, so each phase's final figures are in the log. A state that did not
     * advance (same phase, count and news: a repeated final report) is not written again, whatever its rate.
     */
    private void show(String label, String unit, long done, long total, String extra, boolean complete, long now,
            String news) {
        boolean newPhase = !label.equals(phase);
        if (terminal) {
            if (newPhase || bar == null) {
                closeBar();
                bar = new ProgressBarBuilder().setTaskName(task + ": " + label).setInitialMax(total)
                        .setUnit(" " + unit, 1).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                        .showSpeed().build();
            }
            bar.maxHint(total);
            bar.stepTo(done);
            bar.setExtraMessage(" " + extra);
            phase = label;
            return;
        }
        String line = label + ": " + extra;
        String state = label + " " + done + " " + news;
        if (state.equals(lastState)) {
            return;
        }
        lastState = state;
        if (newPhase) {
            flushPending();
            phase = label;
            lastPrintedTenth = -1;
        }
        int tenth = total > 0 ? (int) Math.min(10, done * 10 / total) : -1;
        boolean due = newPhase || complete || !news.isEmpty() || (total > 0 && tenth != lastPrintedTenth)
                || now - lastPrintedNanos >= LOG_INTERVAL_SECONDS * 1_000_000_000L;
        if (due) {
            print(line, now);
            lastPrintedTenth = tenth;
        } else {
            pending = line;
        }
    }

    private void flushPending() {
        if (pending != null) {
            print(pending, System.nanoTime());
        }
    }

    private void print(String line, long now) {
        pending = null;
        if (line.equals(lastPrinted) || shuttingDown()) {
            return;
        }
        lastPrinted = line;
        if (Phase.READING.label().equals(phase)) {
            readingStartNanos = readingStartNanos < 0 ? now : readingStartNanos;
            if (now - readingStartNanos < READING_HOLD_NANOS) {
                held.add(line);
                return;
            }
        }
        held.forEach(err::println);
        held.clear();
        err.println(line);
        err.flush();
        lastPrintedNanos = now;
    }

    /**
     * Whether the JVM is shutting down (Ctrl-C, SIGTERM). The training thread goes on for a moment; its progress
     * then stays quiet, so that the interrupt notice ({@link InterruptNotice}) is the last line. (A hook can be
     * added only while the JVM is not shutting down: the one reliable way to ask.)
     */
    static boolean shuttingDown() {
        Thread probe = new Thread(() -> {});
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    private void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    /** Ends the display; lines of a read that nothing followed (the input was refused) are dropped. */
    @Override
    public void close() {
        if (terminal) {
            closeBar();
        } else if (!Phase.READING.label().equals(phase)) {
            flushPending();
        }
    }

    private static int percent(long done, long total) {
        return total <= 0 ? 0 : (int) Math.min(100, done * 100 / total);
    }

    private static String figure(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    private static String rate(double perSecond) {
        return String.format(Locale.ROOT, perSecond >= 10 ? "%.0f" : "%.1f", perSecond);
    }

    /** ", ETA m:ss" from the time {@code done} units took, for {@code left} more; empty before the first or at the end. */
    static String eta(long elapsedNanos, long done, long left) {
        if (done <= 0 || left <= 0) {
            return "";
        }
        long seconds = Math.round(elapsedNanos / 1e9 / done * left);
        return seconds >= 3600
                ? String.format(Locale.ROOT, ", ETA %d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, ", ETA %d:%02d", seconds / 60, seconds % 60);
    }
}
