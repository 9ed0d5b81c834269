package org.tagllm.knime.engine.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Training holds its device alone; predictions share it. */
class DeviceExclusionTest extends WithServiceFixture {

    @Test
    void aPredictionSubmittedDuringTrainingStartsOnlyAfterIt() throws Exception {
        try (LocalTagEngine engine = LocalTagEngine.builder().optThreads(4).build()) {
            CountDownLatch trainingStepped = new CountDownLatch(1);
            CompletableFuture<JobHandle<?>> prediction = new CompletableFuture<>();
            AtomicReference<JobState> seenDuringTraining = new AtomicReference<>();
            AtomicLong trainingEnded = new AtomicLong();
            JobHandle<?> training = engine.submit(fixture.trainingJob(10, null), new JobListener() {
                @Override
                public void onProgress(JobProgress p) {
                    if (p.step() == 1) {
                        // Mid-training, with the prediction submitted and free workers idle: it must still wait.
                        trainingStepped.countDown();
                        JobHandle<?> waiting = prediction.join();
                        sleep(100);
                        seenDuringTraining.set(waiting.state());
                    }
                }

                @Override
                public void onStateChanged(JobState s) {
                    if (s.isFinal()) {
                        trainingEnded.set(System.nanoTime());
                    }
                }
            });
            assertTrue(trainingStepped.await(1, TimeUnit.MINUTES), "training never reported a step");
            AtomicLong predictionStarted = new AtomicLong();
            prediction.complete(engine.submit(fixture.predictionJob("cpu", fixture.table), new JobListener() {
                @Override
                public void onStateChanged(JobState s) {
                    if (s == JobState.RUNNING) {
                        predictionStarted.set(System.nanoTime());
                    }
                }
            }));
            training.await(Duration.ofMinutes(2));
            prediction.join().await(Duration.ofMinutes(2));
            assertEquals(JobState.QUEUED, seenDuringTraining.get(), "prediction started while training ran");
            assertTrue(predictionStarted.get() > trainingEnded.get(), "prediction started before training ended");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void predictionsRunTogether() throws Exception {
        try (LocalTagEngine engine = LocalTagEngine.builder().optThreads(2).build()) {
            // Each prediction, once running, waits for the other to be running too: only overlap lets both pass.
            RunningTogether meet = new RunningTogether(2, Duration.ofSeconds(30));
            JobHandle<?> a = engine.submit(fixture.predictionJob("cpu", fixture.table), meet);
            JobHandle<?> b = engine.submit(fixture.predictionJob("cpu", fixture.table), meet);
            a.await(Duration.ofMinutes(2));
            b.await(Duration.ofMinutes(2));
            assertTrue(meet.met(), "the two predictions never ran at the same time");
        }
    }
}
