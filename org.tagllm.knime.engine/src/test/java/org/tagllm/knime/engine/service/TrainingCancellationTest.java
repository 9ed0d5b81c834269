package org.tagllm.knime.engine.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.method.FunctionTraining;
import org.tagllm.knime.engine.runtime.DjlRuntime;
import org.tagllm.knime.engine.train.TrainingCheckpoint;

/** Cancelling a training job stops it within one optimizer step, keeps its checkpoint, and frees the device. */
class TrainingCancellationTest extends WithServiceFixture {

    @Test
    void aRunningTrainingJobStopsWithinOneStepAndTheNextJobRunsNormally() throws Exception {
        Path checkpoints = tmp.resolve("checkpoints");
        try (LocalTagEngine engine = LocalTagEngine.builder().optThreads(2).build()) {
            // A finished run first, so the cached model and its lazily grown tables are in place before counting.
            engine.submit(fixture.trainingJob(1, null)).await(Duration.ofMinutes(2));
            int arraysBefore = liveArrays();
            assertTrue(arraysBefore > 20, "the count sees the cached model's weights: " + arraysBefore);
            CompletableFuture<JobHandle<?>> self = new CompletableFuture<>();
            JobHandle<FunctionTraining.Result> job = engine.submit(fixture.trainingJob(200, checkpoints),
                    new JobListener() {
                        @Override
                        public void onProgress(JobProgress p) {
                            if (p.step() >= 1) {
                                self.join().cancel(); // the handle exists once submit has returned
                            }
                        }
                    });
            self.complete(job);
            JobCancelledException e = assertThrows(JobCancelledException.class, () -> job.await(Duration.ofMinutes(2)));
            assertEquals(JobState.CANCELLED, job.state());
            // The flag is read before every optimizer step: the step that reported is the last.
            assertEquals(1, e.completedSteps(), e.getMessage());
            TrainingCheckpoint last = TrainingCheckpoint.read(e.lastCheckpoint().orElseThrow());
            assertEquals(1, last.step());
            assertFalse(last.parameters().isEmpty());
            // Tags, head, optimizer state and step arrays were all closed with the run: only the cached model's stay.
            assertEquals(arraysBefore, liveArrays(), "native arrays left behind by the cancelled run");

            FunctionTraining.Result next = engine.submit(fixture.trainingJob(3, null)).await(Duration.ofMinutes(2));
            assertEquals(3, next.training().steps());
        }
    }

    @Test
    void aQueuedJobIsRemovedAndNeverStarts() throws Exception {
        try (LocalTagEngine engine = LocalTagEngine.builder().optThreads(1).build()) {
            CountDownLatch release = new CountDownLatch(1);
            JobHandle<FunctionTraining.Result> first = engine.submit(fixture.trainingJob(2, null), new JobListener() {
                @Override
                public void onStateChanged(JobState s) {
                    if (s == JobState.RUNNING) {
                        await(release); // hold the only worker, so the next job stays queued
                    }
                }
            });
            JobHandle<?> queued = engine.submit(fixture.predictionJob("cpu", fixture.table));
            assertEquals(JobState.QUEUED, queued.state());
            assertTrue(queued.cancel());
            release.countDown();
            assertThrows(JobCancelledException.class, queued::await);
            assertEquals(JobState.CANCELLED, queued.state());
            first.await(Duration.ofMinutes(2));
            assertEquals(1, engine.cache().loads() + engine.cache().hits(), "the cancelled job took no model");
        }
    }

    @Test
    void aJobWaitingForItsDeviceIsCancelledWithoutRunning() throws Exception {
        CountDownLatch waitingForDevice = new CountDownLatch(1);
        try (LocalTagEngine engine = LocalTagEngine.builder().optThreads(2).onDeviceWait(waitingForDevice::countDown)
                .build()) {
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            JobHandle<FunctionTraining.Result> training = engine.submit(fixture.trainingJob(2, null),
                    new JobListener() {
                        @Override
                        public void onStateChanged(JobState s) {
                            if (s == JobState.RUNNING) {
                                holding.countDown();
                                await(release); // hold the device
                            }
                        }
                    });
            // Only once the training holds the device: otherwise the second worker may take the device first.
            assertTrue(holding.await(1, TimeUnit.MINUTES), "the training never started");
            // A worker is free, so this job takes it and waits on the device lock.
            JobHandle<?> waiting = engine.submit(fixture.predictionJob("cpu", fixture.table));
            assertTrue(waitingForDevice.await(1, TimeUnit.MINUTES), "the prediction never waited for the device");
            assertEquals(JobState.QUEUED, waiting.state());
            assertTrue(waiting.cancel());
            assertThrows(JobCancelledException.class, () -> waiting.await(Duration.ofSeconds(10)));
            release.countDown();
            assertEquals(2, training.await(Duration.ofMinutes(2)).training().steps());
            assertEquals(JobState.CANCELLED, waiting.state());
            assertEquals(1, engine.cache().loads() + engine.cache().hits(), "the cancelled job took no model");
        }
    }

    /** Every array libtorch holds for this JVM: all root managers are children of DJL's system manager. */
    private static int liveArrays() {
        try (NDManager probe = DjlRuntime.newManager()) {
            return probe.getParentManager().getManagedArrays().size();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
