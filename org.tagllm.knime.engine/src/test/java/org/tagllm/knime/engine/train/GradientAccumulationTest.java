package org.tagllm.knime.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.runtime.DjlRuntime;
import org.tagllm.knime.engine.tensor.FloatTensor;
import org.tagllm.knime.engine.train.Regression.Example;

/**
 * Accumulating micro-batches equals one big batch: the gradient of the batch's mean loss. Tolerance 1e-6 relative
 * (with the gradient's rms as the floor), for float32 sums in another order.
 */
class GradientAccumulationTest {

    private static final double REL = 1e-6;

    private record Outcome(double loss, double[] gradient, List<Integer> microBatchSizes) {}

    private static Outcome accumulate(List<Example> batch, int microBatchSize) {
        try (TrainableSet t = Regression.trainables(0.3f); NDManager run = DjlRuntime.newManager()) {
            List<Integer> sizes = new ArrayList<>();
            StepFunction<Example> step = (micro, m) -> {
                sizes.add(micro.size());
                return Regression.loss(t, micro, m);
            };
            // Start from a stale gradient: accumulation must zero it first.
            new GradientAccumulator<>(t, step, 8, () -> {}).accumulate(batch, run, () -> false);
            OptionalDouble loss = new GradientAccumulator<>(t, step, microBatchSize, () -> {})
                    .accumulate(batch, run, () -> false);
            float[] w = t.get("w").getGradient().toFloatArray();
            float[] b = t.get("b").getGradient().toFloatArray();
            double[] g = new double[w.length + b.length];
            for (int i = 0; i < w.length; i++) {
                g[i] = w[i];
            }
            g[w.length] = b[0];
            return new Outcome(loss.orElseThrow(), g, sizes.subList(1, sizes.size()));
        }
    }

    private static float[] floats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    @Test
    void fourMicroBatchesOfTwoEqualOneBatchOfEight() {
        List<Example> batch = Regression.data(8, 21);
        Outcome whole = accumulate(batch, 8);
        Outcome micro = accumulate(batch, 2);
        assertEquals(List.of(8), whole.microBatchSizes());
        assertEquals(List.of(2, 2, 2, 2), micro.microBatchSizes());
        Bits.assertClose("gradient, 4 x 2 vs 8", whole.gradient(), floats(micro.gradient()), REL);
        assertEquals(whole.loss(), micro.loss(), REL * whole.loss());
        assertTrue(Bits.rms(whole.gradient()) > 0.1, "a gradient worth comparing");
    }

    /** 3 + 3 + 2: the last micro-batch weighs 2/8, not 1/3. */
    @Test
    void unevenMicroBatchesAreWeightedByExampleCount() {
        List<Example> batch = Regression.data(8, 22);
        Outcome whole = accumulate(batch, 8);
        Outcome uneven = accumulate(batch, 3);
        assertEquals(List.of(3, 3, 2), uneven.microBatchSizes());
        Bits.assertClose("gradient, 3 + 3 + 2 vs 8", whole.gradient(), floats(uneven.gradient()), REL);
        assertEquals(whole.loss(), uneven.loss(), REL * whole.loss());
        // Equal weights per micro-batch would be measurably off: the test can tell.
        Outcome first = accumulate(batch.subList(0, 6), 6);
        Outcome last = accumulate(batch.subList(6, 8), 2);
        double[] equalWeights = new double[whole.gradient().length];
        for (int i = 0; i < equalWeights.length; i++) {
            equalWeights[i] = (2 * first.gradient()[i] + last.gradient()[i]) / 3;
        }
        assertTrue(Bits.worst(whole.gradient(), floats(equalWeights)) > 100 * REL,
                "averaging micro-batch means equally would differ");
    }

    /** Through the trainer: three optimizer steps with micro-batches of 2 and of 3 + 3 + 2 end where batches of 8 do. */
    @Test
    void trainerStepsWithAccumulationMatchWholeBatches() throws Exception {
        List<Example> data = Regression.data(24, 23);
        Map<String, FloatTensor> whole = train(data, 8);
        Map<String, FloatTensor> pairs = train(data, 2);
        Map<String, FloatTensor> threes = train(data, 3);
        for (String name : whole.keySet()) {
            double[] expected = new double[whole.get(name).elementCount()];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = whole.get(name).value(i);
            }
            Bits.assertClose(name + ", micro-batches of 2", expected, pairs.get(name).values(), REL);
            Bits.assertClose(name + ", micro-batches of 3", expected, threes.get(name).values(), REL);
        }
        try (TrainableSet initial = Regression.trainables(0.3f)) {
            assertNotEquals(initial.export(), whole, "the parameters moved");
        }
    }

    private static Map<String, FloatTensor> train(List<Example> data, int micro) throws Exception {
        try (TrainableSet t = Regression.trainables(0.3f)) {
            TrainingSettings s = TrainingSettings.builder().setBatchSize(8).optMicroBatchSize(micro).optEpochs(1)
                    .optLearningRate(0.01).optWeightDecay(0.01).optSchedule(TrainingSettings.Schedule.CONSTANT)
                    .build();
            Trainer.<Example>builder().setTrainables(t).setStepFunction(Regression.step(t)).setTrainingData(data)
                    .setSettings(s).build().train();
            return t.export();
        }
    }
}
