package org.tagllm.knime.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.tensor.FloatTensor;
import org.tagllm.knime.engine.train.Regression.Example;

/**
 * Cancellation stops within one optimizer step: the token is read before every step and every micro-batch. Batches
 * of 4 in micro-batches of 3 make two micro-batches per step; checkpoints every 2 steps.
 */
class CancellationTest {

    private static final List<Example> DATA = Regression.data(16, 51);

    @TempDir
    Path tmp;

    private static TrainingSettings settings(Path dir) {
        return TrainingSettings.builder().setBatchSize(4).optMicroBatchSize(3).optEpochs(3).optLearningRate(0.05)
                .optSeed(5).optLogEvery(1).optCheckpoints(dir, 2).build();
    }

    /** Cancels from inside micro-batch {@code microBatch} (1 or 2) of step {@code step}. */
    private static TrainingCancelledException cancelDuring(TrainableSet t, Path dir, int step, int microBatch) {
        CancellationToken token = new CancellationToken();
        int[] callsInStep = {0};
        long[] stepsDone = {0};
        StepFunction<Example> fn = (batch, m) -> {
            if (stepsDone[0] == step - 1 && ++callsInStep[0] == microBatch) {
                token.cancel();
            }
            return Regression.loss(t, batch, m);
        };
        Trainer<Example> trainer = Trainer.<Example>builder().setTrainables(t).setStepFunction(fn)
                .setTrainingData(DATA).setSettings(settings(dir)).optCancellation(token)
                .optProgressListener(p -> stepsDone[0] = p.step()).build();
        return assertThrows(TrainingCancelledException.class, trainer::train);
    }

    @Test
    void cancellingInAStepsFirstMicroBatchAbandonsThatStep() throws Exception {
        try (TrainableSet t = Regression.trainables(0.1f)) {
            TrainingCancelledException e = cancelDuring(t, tmp.resolve("a"), 5, 1);
            assertEquals(4, e.completedSteps());
            Path last = e.lastCheckpoint().orElseThrow();
            assertEquals(TrainingCheckpoint.folderName(4), last.getFileName().toString());
            TrainingCheckpoint c = TrainingCheckpoint.read(last);
            assertEquals(4, c.step());
            Bits.assertBitIdentical("parameters: step 5 never happened", c.parameters(), t.export());
            assertTrue(e.getMessage().contains("after 4 optimizer steps") && e.getMessage().contains(last.toString()),
                    e.getMessage());
        }
    }

    @Test
    void cancellingInAStepsLastMicroBatchFinishesThatStepOnly() throws Exception {
        try (TrainableSet t = Regression.trainables(0.1f)) {
            TrainingCancelledException e = cancelDuring(t, tmp.resolve("b"), 5, 2);
            assertEquals(5, e.completedSteps());
            TrainingCheckpoint c = TrainingCheckpoint.read(e.lastCheckpoint().orElseThrow());
            assertEquals(4, c.step(), "the last checkpoint is intact");
            assertFalse(Bits.bitIdentical(c.parameters(), t.export()), "step 5 was taken");
        }
    }

    @Test
    void aCancelledRunResumesToTheUninterruptedResult() throws Exception {
        Map<String, FloatTensor> expected;
        try (TrainableSet t = Regression.trainables(0.1f)) {
            Trainer.<Example>builder().setTrainables(t).setStepFunction(Regression.step(t)).setTrainingData(DATA)
                    .setSettings(settings(tmp.resolve("straight"))).build().train();
            expected = t.export();
        }
        Path checkpoint;
        try (TrainableSet t = Regression.trainables(0.1f)) {
            checkpoint = cancelDuring(t, tmp.resolve("c"), 7, 1).lastCheckpoint().orElseThrow();
        }
        try (TrainableSet t = Regression.trainables(0f)) {
            TrainingResult r = Trainer.<Example>builder().setTrainables(t).setStepFunction(Regression.step(t))
                    .setTrainingData(DATA).setSettings(settings(tmp.resolve("c"))).build().resume(checkpoint);
            assertEquals(12, r.steps());
            Bits.assertBitIdentical("parameters", expected, t.export());
        }
    }

    @Test
    void cancelledBeforeTheFirstStepWritesNothing() {
        try (TrainableSet t = Regression.trainables(0.1f)) {
            Map<String, FloatTensor> before = t.export();
            TrainingCancelledException e = assertThrows(TrainingCancelledException.class,
                    () -> Trainer.<Example>builder().setTrainables(t).setStepFunction(Regression.step(t))
                            .setTrainingData(DATA).setSettings(settings(tmp.resolve("d"))).optCancellation(() -> true)
                            .build().train());
            assertEquals(0, e.completedSteps());
            assertTrue(e.lastCheckpoint().isEmpty());
            assertTrue(e.getMessage().contains("no checkpoint was written"), e.getMessage());
            Bits.assertBitIdentical("parameters", before, t.export());
        }
    }
}
