package org.tagllm.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.tagllm.knime.engine.evaluate.Benchmark;
import org.tagllm.knime.engine.evaluate.Method;
import org.tagllm.knime.engine.train.ProgressListener;
import org.tagllm.knime.engine.train.TrainingProgress;

/**
 * Progress inside an {@code evaluate} run on standard error, one line at every tenth of the run and after every
 * validation: task, method, learning rate, seed, epoch, step and the time left, so a long comparison never looks hung.
 */
final class EvaluateProgress implements ProgressListener {

    private final PrintWriter err;
    private String run = "";
    private long startNanos;
    private int lastTenth = -1;

    EvaluateProgress(PrintWriter err) {
        this.err = err;
    }

    /** A new run begins: its label, and the clock of its time left. */
    void begin(Benchmark b, Method m, long seed, double lr) {
        run = String.format(Locale.ROOT, "%s %s%s seed %d", b.id(), m.id(),
                Double.isNaN(lr) ? "" : " lr " + lr, seed);
        startNanos = System.nanoTime();
        lastTenth = -1;
    }

    @Override
    public void onProgress(TrainingProgress p) {
        int tenth = (int) Math.floor(p.fraction() * 10);
        if (tenth == lastTenth && p.validation().isEmpty()) {
            return;
        }
        lastTenth = tenth;
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        String eta = p.fraction() > 0 ? duration(elapsed * (1 - p.fraction()) / p.fraction()) : "unknown";
        err.printf(Locale.ROOT, "%s: epoch %d, step %d/%d, loss %.4f%s, ETA %s%n", run, p.epoch(), p.step(),
                p.totalSteps(), p.loss(), p.validation().isPresent()
                        ? String.format(Locale.ROOT, ", validation %.4f", p.validation().getAsDouble()) : "", eta);
        err.flush();
    }

    /** E.g. {@code 42 s}, {@code 12 min}, {@code 1 h 05 min}. */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        long minutes = Math.round(s / 60.0);
        return minutes < 60 ? minutes + " min" : String.format(Locale.ROOT, "%d h %02d min", minutes / 60,
                minutes % 60);
    }
}
