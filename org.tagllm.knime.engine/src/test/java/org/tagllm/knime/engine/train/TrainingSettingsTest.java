package org.tagllm.knime.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingSettingsTest {

    @Test
    void defaultsFollowTheIssue() {
        TrainingSettings s = TrainingSettings.builder().setBatchSize(8).optEpochs(3).build();
        assertEquals(1e-4, s.learningRate());
        assertEquals(0, s.adamW().weightDecay());
        assertEquals(0.9, s.adamW().beta1());
        assertEquals(0.999, s.adamW().beta2());
        assertEquals(1e-8, s.adamW().epsilon());
        assertEquals(0.03, s.warmupFraction());
        assertEquals(TrainingSettings.Schedule.COSINE, s.schedule());
        assertEquals(8, s.microBatchSize(), "no accumulation unless asked for");
        assertEquals(0, s.earlyStoppingPatience());
        assertTrue(s.checkpointDir().isEmpty());
        assertEquals(s.learningRateSchedule(100), LearningRateSchedule.cosineWithWarmup(1e-4, 100, 0.03, 0));
    }

    @Test
    void stepsPerEpochAndTotal() {
        TrainingSettings epochs = TrainingSettings.builder().setBatchSize(4).optEpochs(3).build();
        assertEquals(4, epochs.stepsPerEpoch(13), "the last batch of 1 is a step");
        assertEquals(12, epochs.totalSteps(13));
        TrainingSettings budget = TrainingSettings.builder().setBatchSize(4).optMaxSteps(10).build();
        assertEquals(10, budget.totalSteps(13));
        TrainingSettings both = TrainingSettings.builder().setBatchSize(4).optEpochs(2).optMaxSteps(10).build();
        assertEquals(8, both.totalSteps(13), "the first bound reached");
    }

    @Test
    void errorsNameTheSettingAndValue() {
        List<Runnable> bad = List.of(
                () -> TrainingSettings.builder().setBatchSize(0),
                () -> TrainingSettings.builder().optEpochs(-2),
                () -> TrainingSettings.builder().optMaxSteps(0),
                () -> TrainingSettings.builder().optMicroBatchSize(0),
                () -> TrainingSettings.builder().optLearningRate(0),
                () -> TrainingSettings.builder().optWarmupFraction(1.5),
                () -> TrainingSettings.builder().optMinLearningRateRatio(-0.1),
                () -> TrainingSettings.builder().optEarlyStopping(-1, 0),
                () -> TrainingSettings.builder().optEarlyStopping(2, Double.NaN),
                () -> TrainingSettings.builder().optCheckpoints(Path.of("x"), -5),
                () -> TrainingSettings.builder().optKeepCheckpoints(0),
                () -> TrainingSettings.builder().optLogEvery(0));
        List<String> names = List.of("batchSize must be at least 1, got 0", "epochs must be at least 1, got -2",
                "maxSteps must be at least 1, got 0", "microBatchSize must be at least 1, got 0",
                "learningRate must be positive and finite, got 0.0", "warmupFraction must lie in [0, 1), got 1.5",
                "minLearningRateRatio must lie in [0, 1], got -0.1", "earlyStoppingPatience must be at least 0, got -1",
                "earlyStoppingMinDelta must be at least 0 and finite, got NaN",
                "checkpointEvery must be at least 0, got -5", "keepCheckpoints must be at least 1, got 0",
                "logEvery must be at least 1, got 0");
        for (int i = 0; i < bad.size(); i++) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad.get(i)::run);
            assertEquals(names.get(i), e.getMessage());
        }
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TrainingSettings.builder().optEpochs(1).build());
        assertTrue(e.getMessage().contains("setBatchSize"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> TrainingSettings.builder().setBatchSize(4).build());
        assertTrue(e.getMessage().contains("optEpochs, optMaxSteps or both"), e.getMessage());
        InvalidSettingException micro = assertThrows(InvalidSettingException.class,
                () -> TrainingSettings.builder().setBatchSize(4).optEpochs(1).optMicroBatchSize(5).build());
        assertEquals("microBatchSize must not exceed batchSize (4): a micro-batch is a part of a batch, got 5",
                micro.getMessage());
        assertEquals("--micro-batch must not exceed batchSize (4): a micro-batch is a part of a batch, got 5",
                micro.messageFor("--micro-batch"));
        IllegalArgumentException a = assertThrows(IllegalArgumentException.class,
                () -> TrainingSettings.builder().setBatchSize(4).optEpochs(1).optBetas(0.9, 1.0).build());
        assertTrue(a.getMessage().contains("beta2") && a.getMessage().contains("1.0"), a.getMessage());
    }
}
