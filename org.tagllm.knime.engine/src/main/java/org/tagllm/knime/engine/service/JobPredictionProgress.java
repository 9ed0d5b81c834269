package org.tagllm.knime.engine.service;

import org.tagllm.knime.engine.method.PredictionProgress;
import org.tagllm.knime.engine.method.Throughput;

/**
 * A prediction's progress as a job's: the share of rows done (0 while the number is unknown) and a message with the
 * rows, their rate and the time left, e.g. {@code 1200 of 10000 rows predicted, 85.3 rows/s, ETA 1 min 43 s}.
 */
final class JobPredictionProgress implements PredictionProgress {

    private final Job<?> job;

    JobPredictionProgress(Job<?> job) {
        this.job = job;
    }

    @Override
    public void onRows(long done, long rows) {
        job.progress(JobProgress.of(fraction(done, rows), done + (rows < 0 ? "" : " of " + rows)
                + " rows predicted"));
    }

    @Override
    public void onThroughput(Throughput t) {
        String rate = t.describe();
        // "N of M rows, R rows/s, ETA …" → "N of M rows predicted, R rows/s, ETA …"
        int comma = rate.indexOf(", ");
        job.progress(JobProgress.of(fraction(t.done(), t.rows()), rate.substring(0, comma) + " predicted"
                + rate.substring(comma)));
    }

    private static double fraction(long done, long rows) {
        return rows == 0 ? 1 : rows < 0 ? 0 : Math.min(1, (double) done / rows);
    }
}
