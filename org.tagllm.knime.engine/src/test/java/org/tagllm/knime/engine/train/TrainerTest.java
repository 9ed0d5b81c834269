package org.tagllm.knime.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.GarbagePressure;
import org.tagllm.knime.engine.runtime.DjlRuntime;
import org.tagllm.knime.engine.tensor.FloatTensor;
import org.tagllm.knime.engine.train.Regression.Example;
import org.tagllm.knime.engine.train.TrainingResult.StopReason;

class TrainerTest {

    private static final List<Example> DATA = Regression.data(24, 31);

    private static TrainingSettings.Builder settings() {
        return TrainingSettings.builder().setBatchSize(5).optMicroBatchSize(2).optEpochs(2).optLearningRate(0.05)
                .optWeightDecay(0.01).optSeed(7);
    }

    private static Trainer.Builder<Example> trainer(TrainableSet t, TrainingSettings s) {
        return Trainer.<Example>builder().setTrainables(t).setStepFunction(Regression.step(t)).setTrainingData(DATA)
                .setSettings(s);
    }

    private static double meanLoss(TrainableSet t, List<Example> data) {
        try (NDManager m = DjlRuntime.newManager()) {
            for (NDArray a : t.arrays()) {
                a.tempAttach(m);
            }
            return Regression.loss(t, data, m).getFloat();
        }
    }

    @Test
    void lossFallsBelowTenPercent() throws Exception {
        List<Example> data = Regression.data(64, 32);
        try (TrainableSet t = Regression.trainables(0f)) {
            double initial = meanLoss(t, data);
            TrainingSettings s = TrainingSettings.builder().setBatchSize(8).optMicroBatchSize(4).optEpochs(20)
                    .optLearningRate(0.1).build();
            TrainingResult r = Trainer.<Example>builder().setTrainables(t).setStepFunction(Regression.step(t))
                    .setTrainingData(data).setSettings(s).build().train();
            double last = meanLoss(t, data);
            assertTrue(last < 0.1 * initial, "loss went from " + initial + " to " + last);
            assertEquals(160, r.steps());
            assertEquals(20, r.epochs());
            assertEquals(StopReason.COMPLETED, r.stopReason());
            assertEquals(160, r.stepLosses().size());
            assertTrue(r.epochLosses().get(19) < 0.1 * r.epochLosses().get(0), "epoch losses " + r.epochLosses());
            assertTrue(r.examplesPerSecond() > 0 && !r.wallTime().isNegative());
        }
    }

    @Test
    void sameSeedIsBitIdenticalAndAnotherSeedDiffers() throws Exception {
        Map<String, FloatTensor> a;
        Map<String, FloatTensor> b;
        Map<String, FloatTensor> c;
        List<Double> lossesA;
        List<Double> lossesB;
        try (TrainableSet t = Regression.trainables(0.1f)) {
            lossesA = trainer(t, settings().build()).build().train().stepLosses();
            a = t.export();
        }
        try (TrainableSet t = Regression.trainables(0.1f)) {
            lossesB = trainer(t, settings().build()).build().train().stepLosses();
            b = t.export();
        }
        try (TrainableSet t = Regression.trainables(0.1f)) {
            trainer(t, settings().optSeed(8).build()).build().train();
            c = t.export();
        }
        Bits.assertBitIdentical("same seed", a, b);
        assertEquals(lossesA, lossesB);
        assertFalse(Bits.bitIdentical(a, c), "another seed shuffles differently and ends elsewhere");
    }

    /**
     * Garbage collection between forward and backward, in the step function and again right before backward (after
     * the trainer scaled the loss), changes nothing: the trainer's scalars are libtorch-owned.
     */
    @Test
    void garbageCollectionBetweenForwardAndBackwardChangesNothing() throws Exception {
        Map<String, FloatTensor> calm;
        try (TrainableSet t = Regression.trainables(0.1f)) {
            trainer(t, settings().build()).build().train();
            calm = t.export();
        }
        List<List<ByteBuffer>> keep = new ArrayList<>();
        try (TrainableSet t = Regression.trainables(0.1f)) {
            StepFunction<Example> pressed = (batch, m) -> {
                NDArray loss = Regression.loss(t, batch, m);
                keep.add(GarbagePressure.apply());
                return loss;
            };
            trainer(t, settings().optEpochs(1).build()).setStepFunction(pressed)
                    .beforeBackward(() -> keep.add(GarbagePressure.apply())).build().train();
            Map<String, FloatTensor> oneEpochPressed = t.export();
            try (TrainableSet u = Regression.trainables(0.1f)) {
                trainer(u, settings().optEpochs(1).build()).build().train();
                Bits.assertBitIdentical("one epoch with and without GC", u.export(), oneEpochPressed);
            }
        }
        Reference.reachabilityFence(keep);
        try (TrainableSet t = Regression.trainables(0.1f)) {
            trainer(t, settings().build()).beforeBackward(() -> keep.add(GarbagePressure.apply())).build().train();
            Bits.assertBitIdentical("two epochs with and without GC", calm, t.export());
        }
        Reference.reachabilityFence(keep);
    }

    /**
     * Scripted validation scores: best at epoch 3; 0.95 at epoch 4 is not better by more than the minimum delta 0.1;
     * patience 2 stops after epoch 5 and puts back epoch 3's parameters bit for bit.
     */
    @Test
    void earlyStoppingRestoresTheBestEpochsParameters() throws Exception {
        double[] scores = {3, 2, 1, 0.95, 1.2, 0.5, 0.4};
        try (TrainableSet t = Regression.trainables(0.1f)) {
            List<Map<String, FloatTensor>> seen = new ArrayList<>();
            Evaluator scripted = m -> {
                seen.add(t.export());
                return scores[seen.size() - 1];
            };
            TrainingSettings s = settings().optEpochs(7).optEarlyStopping(2, 0.1).build();
            TrainingResult r = trainer(t, s).optEvaluator(scripted).build().train();
            assertEquals(StopReason.EARLY_STOPPED, r.stopReason());
            assertEquals(5, r.epochs());
            assertEquals(5 * 5, r.steps(), "5 epochs of ceil(24 / 5) = 5 steps");
            assertEquals(List.of(3.0, 2.0, 1.0, 0.95, 1.2), r.validations());
            assertEquals(3, r.bestEpoch());
            assertEquals(1.0, r.bestValidation().getAsDouble());
            assertEquals(1.2, r.finalValidation().getAsDouble());
            assertTrue(r.restoredBest());
            Bits.assertBitIdentical("restored parameters", seen.get(2), t.export());
            assertFalse(Bits.bitIdentical(seen.get(4), t.export()), "the last epoch's parameters differ");
        }
    }

    @Test
    void earlyStoppingForAScoreToMaximize() throws Exception {
        double[] scores = {0.1, 0.5, 0.4, 0.3, 0.9};
        try (TrainableSet t = Regression.trainables(0.1f)) {
            int[] calls = {0};
            TrainingResult r = trainer(t, settings().optEpochs(5).optEarlyStopping(2, 0).build())
                    .optEvaluator(Evaluator.maximizing(m -> scores[calls[0]++])).build().train();
            assertEquals(StopReason.EARLY_STOPPED, r.stopReason());
            assertEquals(4, r.epochs());
            assertEquals(2, r.bestEpoch());
            assertEquals(0.5, r.bestValidation().getAsDouble());
        }
    }

    @Test
    void reportsProgress() throws Exception {
        try (TrainableSet t = Regression.trainables(0.1f)) {
            List<TrainingProgress> reports = new ArrayList<>();
            TrainingSettings s = settings().optLogEvery(2).build();
            trainer(t, s).optEvaluator(Regression.validation(t, DATA)).optProgressListener(reports::add).build()
                    .train();
            // Steps 2, 4, 5 (the epoch's last) and 6, 8, 10, plus one report per validation.
            List<TrainingProgress> validations = reports.stream().filter(p -> p.validation().isPresent()).toList();
            assertEquals(2, validations.size());
            assertEquals(List.of(2L, 4L, 6L, 8L, 10L), reports.stream().filter(p -> p.validation().isEmpty())
                    .map(TrainingProgress::step).toList());
            TrainingProgress last = reports.get(reports.size() - 1);
            assertEquals(1.0, last.fraction());
            assertEquals(10, last.totalSteps());
            assertTrue(last.message().startsWith("epoch 2/2, step 10/10, loss "), last.message());
            assertTrue(last.message().contains("validation"), last.message());
            assertTrue(reports.get(0).message().startsWith("epoch 1/2, step 2/10"), reports.get(0).message());
            double previous = 0;
            for (TrainingProgress p : reports) {
                assertTrue(p.fraction() >= previous && p.fraction() <= 1, "fractions rise: " + p);
                assertTrue(p.examplesPerSecond() > 0 && Double.isFinite(p.loss()), p.toString());
                previous = p.fraction();
            }
        }
    }

    @Test
    void recordsTheStepOfEveryValidation() throws Exception {
        // 24 examples in batches of 5: epochs end after steps 5 and 10; a budget of 12 steps ends inside epoch 3,
        // which is validated too. Plots need these steps: epochs of unequal length are not steps ÷ validations.
        try (TrainableSet t = Regression.trainables(0.1f)) {
            List<TrainingProgress> reports = new ArrayList<>();
            TrainingResult r = trainer(t, settings().optEpochs(3).optMaxSteps(12).build())
                    .optEvaluator(Regression.validation(t, DATA)).optProgressListener(reports::add).build().train();
            assertEquals(List.of(5L, 10L, 12L), r.validationSteps());
            assertEquals(r.validations().size(), r.validationSteps().size());
            assertEquals(List.of(5L, 10L, 12L), reports.stream().filter(p -> p.validation().isPresent())
                    .map(TrainingProgress::step).toList());
        }
    }

    @Test
    void namesItsScoresForDisplay() throws Exception {
        ScoreNames names = new ScoreNames("training loss (MSE of standardised targets)",
                "validation MSE (target units)");
        try (TrainableSet t = Regression.trainables(0.1f)) {
            List<TrainingProgress> reports = new ArrayList<>();
            TrainingResult r = trainer(t, settings().build()).optEvaluator(Regression.validation(t, DATA))
                    .optScoreNames(names).optProgressListener(reports::add).build().train();
            assertEquals(names, r.scoreNames());
            assertTrue(reports.stream().allMatch(p -> p.scoreNames().equals(names)));
        }
    }

    @Test
    void nonFiniteLossStopsBeforeTheUpdate() {
        try (TrainableSet t = Regression.trainables(0.1f)) {
            Map<String, FloatTensor> before = t.export();
            // Without warm-up: with it, step 1's rate is 0 and would leave the parameters alone.
            TrainingSettings constantRate = settings().optSchedule(TrainingSettings.Schedule.CONSTANT).build();
            int[] calls = {0};
            StepFunction<Example> poisoned = (batch, m) -> {
                NDArray loss = Regression.loss(t, batch, m);
                // From the fourth micro-batch (step 2) on, the loss is infinite.
                return ++calls[0] < 4 ? loss : loss.mul(m.full(new Shape(), Float.POSITIVE_INFINITY,
                        DataType.FLOAT32));
            };
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> trainer(t, constantRate).setStepFunction(poisoned).build().train());
            assertTrue(e.getMessage().contains("Infinity at step 2 (epoch 1)"), e.getMessage());
            assertFalse(Bits.bitIdentical(before, t.export()), "step 1 was taken");
            for (FloatTensor v : t.export().values()) {
                for (int i = 0; i < v.elementCount(); i++) {
                    assertTrue(Float.isFinite(v.value(i)), "step 2 did not reach the parameters");
                }
            }
        }
    }

    @Test
    void aLossWithoutTrainablesIsReported() {
        try (TrainableSet t = Regression.trainables(0.1f)) {
            StepFunction<Example> detached = (batch, m) -> m.full(new Shape(), 1f, DataType.FLOAT32);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> trainer(t, settings().build()).setStepFunction(detached).build().train());
            assertTrue(e.getMessage().contains("does the loss depend on the trainables?"), e.getMessage());
            assertTrue(e.getCause() != null);
            StepFunction<Example> vector = (batch, m) -> Regression.loss(t, batch, m).reshape(1).repeat(0, 2);
            e = assertThrows(IllegalStateException.class,
                    () -> trainer(t, settings().build()).setStepFunction(vector).build().train());
            assertTrue(e.getMessage().contains("scalar loss") && e.getMessage().contains("(2)"), e.getMessage());
        }
    }

    @Test
    void builderNamesWhatIsMissing() {
        try (TrainableSet t = Regression.trainables(0.1f)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> Trainer.<Example>builder().setTrainables(t).setTrainingData(DATA)
                            .setSettings(settings().build()).build());
            assertTrue(e.getMessage().contains("setStepFunction"), e.getMessage());
            e = assertThrows(IllegalStateException.class,
                    () -> trainer(t, settings().optEarlyStopping(3, 0).build()).build());
            assertTrue(e.getMessage().contains("earlyStoppingPatience 3") && e.getMessage().contains("optEvaluator"),
                    e.getMessage());
            e = assertThrows(IllegalStateException.class,
                    () -> trainer(t, settings().build()).setTrainingData(List.of()).build());
            assertTrue(e.getMessage().contains("trainingData is empty"), e.getMessage());
            Trainer<Example> once = trainer(t, settings().optEpochs(1).build()).build();
            assertThrows(IllegalStateException.class, () -> {
                once.train();
                once.train();
            });
        }
    }
}
