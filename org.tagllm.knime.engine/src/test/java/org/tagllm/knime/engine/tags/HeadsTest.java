package org.tagllm.knime.engine.tags;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.runtime.DjlRuntime;
import org.tagllm.knime.engine.runtime.OwnedArrays;
import org.tagllm.knime.engine.tensor.FloatTensor;

class HeadsTest {

    /** Official initialisation: every weight row is the mean vocabulary embedding (not rescaled), no bias. */
    @Test
    void regressionHeadStartsAtTheMeanEmbedding() {
        try (Tiny t = new Tiny(81);
                RegressionHead head = RegressionHead.create("<QED>", t.table.statistics(),
                        TargetScaling.identity(3))) {
            float[] mean = t.table.statistics().mean();
            float[] w = head.parameters().get(0).toFloatArray();
            assertEquals(new Shape(3, 32), head.parameters().get(0).getShape());
            for (int j = 0; j < 3; j++) {
                assertArrayEquals(mean, java.util.Arrays.copyOfRange(w, j * 32, (j + 1) * 32), "row " + j);
            }
            assertTrue(head.isTrainable());
            assertEquals(1, head.parameters().size(), "no bias");
        }
    }

    @Test
    void targetScalingStandardisesAndRestores() {
        double[][] y = {{1, 100}, {2, 100}, {3, 100}, {6, 100}};
        TargetScaling s = TargetScaling.fit(y);
        assertEquals(3.0, s.mean()[0], 1e-12);
        assertEquals(Math.sqrt((4 + 1 + 0 + 9) / 4.0), s.std()[0], 1e-12);
        assertEquals(1.0, s.std()[1], 0.0, "a constant output gets std 1");
        float[] z = s.standardise(y);
        double[][] back = s.restore(z);
        for (int i = 0; i < y.length; i++) {
            assertArrayEquals(y[i], back[i], 1e-6);
        }
        assertEquals(0f, z[1]);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> s.standardise(new double[][] {{1}}))
                .getMessage().contains("target row 0 has 1 values, expected 2"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> TargetScaling.fit(new double[][] {{Double.NaN}})).getMessage().contains("is NaN"));
    }

    /** Loss = MSE of standardised values; predictions come back in the original units. */
    @Test
    void regressionLossAndPredictionsUseStandardisedTargets() {
        TargetScaling scaling = new TargetScaling(new double[] {10}, new double[] {2});
        float[] w = new float[32];
        w[0] = 1;
        FloatTensor weight = new FloatTensor(w, new long[] {1, 32});
        try (RegressionHead head = RegressionHead.restore(new RegressionHead.State("<QED>", weight,
                scaling.mean(), scaling.std()), true); NDManager m = DjlRuntime.newManager()) {
            float[] h = new float[2 * 32];
            h[0] = 0.5f; // prediction 0.5 -> 11 in original units
            h[32] = -1f; // -1 -> 8
            NDArray hidden = OwnedArrays.floats(m, h, new Shape(2, 32));
            assertArrayEquals(new double[] {11}, head.toOriginalUnits(head.forward(hidden))[0], 1e-6);
            assertArrayEquals(new double[] {8}, head.toOriginalUnits(head.forward(hidden))[1], 1e-6);
            // targets 12 and 8 standardise to 1 and -1: errors 0.5 and 0 -> MSE 0.125
            assertEquals(0.125f, head.loss(hidden, new double[][] {{12}, {8}}).toFloatArray()[0], 1e-7f);
        }
    }

    @Test
    void classificationLossIsSoftmaxCrossEntropy() {
        try (ClassificationHead head = ClassificationHead.create("<Tox>", List.of("a", "b", "c"), 4, 5);
                NDManager m = DjlRuntime.newManager()) {
            float[] h = {0.3f, -1, 2, 0.5f, 1, 1, -0.2f, 0};
            NDArray hidden = OwnedArrays.floats(m, h, new Shape(2, 4));
            float[] logits = head.logits(hidden).toFloatArray();
            float[] w = head.parameters().get(0).toFloatArray();
            int[] labels = {2, 0};
            double expected = 0;
            for (int b = 0; b < 2; b++) {
                double[] z = new double[3];
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < 3; c++) {
                    for (int i = 0; i < 4; i++) {
                        z[c] += (double) w[c * 4 + i] * h[b * 4 + i];
                    }
                    assertEquals(z[c], logits[b * 3 + c], 1e-6, "logit " + b + ", " + c + " (bias 0)");
                    max = Math.max(max, z[c]);
                }
                double sum = 0;
                for (double v : z) {
                    sum += Math.exp(v - max);
                }
                expected += (max + Math.log(sum) - z[labels[b]]) / 2;
            }
            assertEquals(expected, head.loss(hidden, labels).toFloatArray()[0], 1e-6);
            assertTrue(assertThrows(IllegalArgumentException.class, () -> head.loss(hidden, new int[] {3, 0}))
                    .getMessage().contains("label 3 of example 0 outside [0, 3) (classes [a, b, c])"));
        }
    }

    /**
     * Logits whose labels were drawn from softmax(z / 2.5): the fitted temperature is near 2.5, minimises the NLL
     * (no better value nearby) and calibrated probabilities sum to 1.
     */
    @Test
    void temperatureScalingRecoversTheTemperatureOfTheLabels() {
        Random r = new Random(3);
        int n = 4000;
        float[][] logits = new float[n][3];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            double[] p = new double[3];
            double sum = 0;
            for (int c = 0; c < 3; c++) {
                logits[i][c] = (float) (r.nextGaussian() * 4);
                p[c] = Math.exp(logits[i][c] / 2.5);
                sum += p[c];
            }
            double u = r.nextDouble() * sum;
            labels[i] = u < p[0] ? 0 : u < p[0] + p[1] ? 1 : 2;
        }
        try (ClassificationHead head = ClassificationHead.create("<Tox>", List.of("a", "b", "c"), 4, 5)) {
            double t = head.fitTemperature(logits, labels);
            assertEquals(t, head.temperature());
            assertEquals(2.5, t, 0.25);
            double best = TemperatureScaling.nll(logits, labels, t);
            assertTrue(best <= TemperatureScaling.nll(logits, labels, t * 1.01));
            assertTrue(best <= TemperatureScaling.nll(logits, labels, t / 1.01));
            assertTrue(best < TemperatureScaling.nll(logits, labels, 1.0));
            for (double[] p : head.probabilities(java.util.Arrays.copyOf(logits, 10))) {
                assertEquals(1.0, p[0] + p[1] + p[2], 1e-12);
            }
        }
        // Separable data: the NLL keeps falling as T shrinks, the fit stops at the lower bound.
        float[][] separable = {{5, 0}, {0, 5}};
        assertEquals(TemperatureScaling.MIN_TEMPERATURE, TemperatureScaling.fit(separable, new int[] {0, 1}),
                1e-6);
    }

    @Test
    void headsExportAndRestoreTheirState() {
        try (Tiny t = new Tiny(82);
                RegressionHead reg = RegressionHead.create("<QED>", t.table.statistics(),
                        TargetScaling.fit(new double[][] {{1, 5}, {3, 9}}));
                ClassificationHead cls = ClassificationHead.create("<Tox>", List.of("no", "yes"), 32, 9)) {
            RegressionHead.State rs = reg.export();
            assertArrayEquals(new long[] {2, 32}, rs.weight().shape());
            assertArrayEquals(new double[] {2, 7}, rs.targetMean(), 0);
            assertArrayEquals(new double[] {1, 2}, rs.targetStd(), 0);
            try (RegressionHead back = RegressionHead.restore(rs, false)) {
                assertEquals(rs.weight(), back.export().weight());
                assertEquals(reg.scaling(), back.scaling());
                assertFalse(back.isTrainable());
            }
            cls.setTemperature(1.7);
            ClassificationHead.State cs = cls.export();
            assertArrayEquals(new long[] {2}, cs.bias().shape());
            try (ClassificationHead back = ClassificationHead.restore(cs, true)) {
                assertEquals(cs.weight(), back.export().weight());
                assertEquals(cs.bias(), back.export().bias());
                assertEquals(List.of("no", "yes"), back.classes());
                assertEquals(1.7, back.temperature());
                assertTrue(back.isTrainable());
            }
            FloatTensor wrong = new FloatTensor(new float[3], new long[] {3});
            assertTrue(assertThrows(IllegalArgumentException.class, () -> ClassificationHead.restore(
                    new ClassificationHead.State("<Tox>", cs.weight(), wrong, cs.classes(), 1), true))
                    .getMessage().contains("head.<Tox>.bias: expected shape [2], got [3]"));
        }
    }
}
