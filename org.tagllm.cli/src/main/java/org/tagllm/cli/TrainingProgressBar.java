package org.tagllm.cli;

import java.io.PrintWriter;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.tagllm.knime.engine.train.ProgressListener;
import org.tagllm.knime.engine.train.TrainingProgress;

/**
 * Training progress on standard error: a progress bar with loss and throughput in a terminal; without one (CI,
 * scripts, redirected output) a plain line at every tenth of the run, so logs stay readable.
 */
final class TrainingProgressBar implements ProgressListener, AutoCloseable {

    private static final int TICKS = 1000;

    private final ProgressBar bar;
    private final PrintWriter err;
    private int lastTenth = -1;

    TrainingProgressBar(String task, PrintWriter err) {
        this.err = err;
        this.bar = System.console() == null ? null : new ProgressBarBuilder().setTaskName(task).setInitialMax(TICKS)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).build();
    }

    @Override
    public void onProgress(TrainingProgress p) {
        String extra = String.format("loss %.4f, %.0f ex/s%s", p.loss(), p.examplesPerSecond(),
                p.validation().isPresent() ? String.format(", validation %.4f", p.validation().getAsDouble()) : "");
        if (bar != null) {
            bar.stepTo(Math.round(p.fraction() * TICKS));
            bar.setExtraMessage(" " + extra);
            return;
        }
        int tenth = (int) Math.floor(p.fraction() * 10);
        if (tenth != lastTenth || p.validation().isPresent()) {
            lastTenth = tenth;
            err.println(p.message() + " | " + extra);
            err.flush();
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
