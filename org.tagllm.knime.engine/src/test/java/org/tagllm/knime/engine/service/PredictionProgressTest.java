package org.tagllm.knime.engine.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.method.DataSource;
import org.tagllm.knime.engine.method.PredictionCancelledException;
import org.tagllm.knime.engine.method.TagPredictor;

/** A prediction job reports after every batch and stops at the next batch once cancelled. */
class PredictionProgressTest extends WithServiceFixture {

    private PredictionJob job(int batchSize) {
        return new PredictionJob(fixture.modelDir, "cpu", fixture.bank, null, DataSource.of(fixture.table), 256,
                batchSize);
    }

    @Test
    void progressIsReportedPerBatchUpToEveryRow() throws Exception {
        List<JobProgress> reports = new CopyOnWriteArrayList<>();
        try (LocalTagEngine engine = LocalTagEngine.builder().build()) {
            TagPredictor.Result result = engine.submit(job(16), new JobListener() {
                @Override
                public void onProgress(JobProgress p) {
                    reports.add(p);
                }
            }).await(Duration.ofMinutes(1));
            assertEquals(96, result.predictions().size());
        }
        // One opening report, one per batch of 16 rows (96 / 16 = 6), one closing report.
        assertEquals(8, reports.size(), reports.toString());
        for (int i = 1; i <= 6; i++) {
            assertEquals(i * 16 / 96.0, reports.get(i).fraction(), 1e-12);
            String message = reports.get(i).message();
            assertTrue(message.matches(i * 16 + " of 96 rows predicted, [0-9.]+ rows/s(, ETA .*)?"), message);
        }
        assertEquals(1.0, reports.get(7).fraction());
    }

    @Test
    void aCancelledPredictionStopsBeforeItsNextBatch() throws Exception {
        List<JobProgress> reports = new CopyOnWriteArrayList<>();
        try (LocalTagEngine engine = LocalTagEngine.builder().build()) {
            CompletableFuture<JobHandle<?>> self = new CompletableFuture<>();
            JobHandle<TagPredictor.Result> handle = engine.submit(job(8), new JobListener() {
                @Override
                public void onProgress(JobProgress p) {
                    reports.add(p);
                    if (p.fraction() > 0) {
                        self.join().cancel();
                    }
                }
            });
            self.complete(handle);
            JobCancelledException e = assertThrows(JobCancelledException.class,
                    () -> handle.await(Duration.ofMinutes(1)));
            assertEquals(JobState.CANCELLED, handle.state());
            assertTrue(e.getCause() instanceof PredictionCancelledException p && p.rowsDone() == 8,
                    String.valueOf(e.getCause()));
            // The opening report and the first batch's; the second batch never ran.
            assertEquals(2, reports.size(), reports.toString());

            // The device is free again: the next prediction runs in full.
            assertEquals(96, engine.submit(job(32)).await(Duration.ofMinutes(1)).predictions().size());
        }
    }
}
