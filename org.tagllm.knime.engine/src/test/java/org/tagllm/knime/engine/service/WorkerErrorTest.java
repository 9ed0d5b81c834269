package org.tagllm.knime.engine.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.method.DataSource;
import org.tagllm.knime.engine.method.PredictOptions;

/**
 * An {@link Error} thrown inside a job (a caller's sink that overflows its stack, an assertion) ends the job as
 * failed; before, it escaped the worker, the job never ended and its caller waited forever.
 */
class WorkerErrorTest extends WithServiceFixture {

    @Test
    void anErrorInAJobFailsItAndTheEngineGoesOn() throws Exception {
        AssertionError broken = new AssertionError("the caller's sink broke");
        try (LocalTagEngine engine = LocalTagEngine.builder().optThreads(1).build()) {
            JobHandle<StreamingPredictionJob.Outcome> job = engine.submit(new StreamingPredictionJob(fixture.modelDir,
                    "cpu", fixture.bank, null, DataSource.of(fixture.table), PredictOptions.of(48, 8), p -> {
                        throw broken;
                    }));
            // Generous: the rows take seconds; a job that never ends times out here instead of hanging the build.
            JobFailedException failed = assertThrows(JobFailedException.class, () -> job.await(Duration.ofMinutes(3)));
            assertSame(broken, failed.getCause().getCause(),
                    "the error itself is the cause");
            assertEquals(JobState.FAILED, job.state());
            // The single worker survived: the next job runs.
            assertEquals(96, engine.submit(fixture.predictionJob("cpu", fixture.table)).await(Duration.ofMinutes(5))
                    .predictions().size());
        }
    }
}
