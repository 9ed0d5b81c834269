package org.tagllm.knime.engine.tags;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.runtime.DjlRuntime;
import org.tagllm.knime.engine.runtime.OwnedArrays;

/**
 * Issue 18: the class-weighted cross-entropy (1/B) Σ wᵢ · (−log softmax(zᵢ)[yᵢ]) — its value, and libtorch's
 * gradients of it against the gradient written out by hand, dL/dz_bc = (w_b / B) (softmax(z_b)_c − [c = y_b]), and
 * against central finite differences of the loss itself.
 */
class WeightedClassificationLossTest {

    private static final int B = 3;
    private static final int D = 4;
    private static final int C = 2;
    private static final float[] H = {0.3f, -1f, 2f, 0.5f, 1f, 1f, -0.2f, 0f, -0.7f, 0.4f, 0.9f, -1.3f};
    private static final int[] LABELS = {1, 0, 1};
    private static final float[] WEIGHTS = {12.5f, 0.52f, 12.5f}; // balanced weights of a 4 % positive set

    /** The loss and dL/dz [B][C] by hand, in doubles, from the head's weights and bias. */
    private static double[][] handGradient(float[] w, float[] bias, double[] lossOut) {
        double[][] dz = new double[B][C];
        double loss = 0;
        for (int b = 0; b < B; b++) {
            double[] z = new double[C];
            for (int c = 0; c < C; c++) {
                z[c] = bias[c];
                for (int i = 0; i < D; i++) {
                    z[c] += (double) w[c * D + i] * H[b * D + i];
                }
            }
            double max = Math.max(z[0], z[1]);
            double sum = Math.exp(z[0] - max) + Math.exp(z[1] - max);
            for (int c = 0; c < C; c++) {
                double p = Math.exp(z[c] - max) / sum;
                dz[b][c] = WEIGHTS[b] / (double) B * (p - (c == LABELS[b] ? 1 : 0));
            }
            loss += WEIGHTS[b] * (max + Math.log(sum) - z[LABELS[b]]) / B;
        }
        lossOut[0] = loss;
        return dz;
    }

    @Test
    void gradientsMatchTheHandDerivation() {
        try (ClassificationHead head = ClassificationHead.create("<Active>", List.of("0", "1"), D, 7);
                NDManager m = DjlRuntime.newManager()) {
            head.shiftBias(new double[] {0.25, -0.5}); // a bias that is not 0, so that its gradient path counts
            NDArray weight = head.parameters().get(0);
            NDArray bias = head.parameters().get(1);
            float[] w = weight.toFloatArray();
            float[] b0 = bias.toFloatArray();
            NDArray hidden = OwnedArrays.floats(m, H, new Shape(B, D));
            hidden.setRequiresGradient(true);
            double[] expectedLoss = new double[1];
            double[][] dz = handGradient(w, b0, expectedLoss);
            float loss;
            try (GradientCollector collector = DjlRuntime.engine().newGradientCollector()) {
                weight.getGradient().subi(weight.getGradient()); // zero explicitly
                bias.getGradient().subi(bias.getGradient());
                NDArray l = head.loss(hidden, LABELS, WEIGHTS);
                loss = l.toFloatArray()[0];
                collector.backward(l);
            }
            assertEquals(expectedLoss[0], loss, 1e-5);
            float[] gw = weight.getGradient().toFloatArray();
            float[] gb = bias.getGradient().toFloatArray();
            float[] gh = hidden.getGradient().toFloatArray();
            for (int c = 0; c < C; c++) {
                double eb = 0;
                for (int b = 0; b < B; b++) {
                    eb += dz[b][c];
                }
                assertEquals(eb, gb[c], 1e-5, "dL/dbias " + c);
                for (int i = 0; i < D; i++) {
                    double ew = 0;
                    for (int b = 0; b < B; b++) {
                        ew += dz[b][c] * H[b * D + i];
                    }
                    assertEquals(ew, gw[c * D + i], 1e-5, "dL/dweight " + c + "," + i);
                }
            }
            for (int b = 0; b < B; b++) {
                for (int i = 0; i < D; i++) {
                    double eh = dz[b][0] * w[i] + dz[b][1] * w[D + i];
                    assertEquals(eh, gh[b * D + i], 1e-5, "dL/dhidden " + b + "," + i);
                }
            }
        }
    }

    @Test
    void gradientsMatchCentralFiniteDifferences() {
        try (ClassificationHead head = ClassificationHead.create("<Active>", List.of("0", "1"), D, 8);
                NDManager m = DjlRuntime.newManager()) {
            NDArray hidden = OwnedArrays.floats(m, H, new Shape(B, D));
            hidden.setRequiresGradient(true);
            try (GradientCollector collector = DjlRuntime.engine().newGradientCollector()) {
                collector.backward(head.loss(hidden, LABELS, WEIGHTS));
            }
            float[] analytic = hidden.getGradient().toFloatArray();
            double eps = 1e-2;
            for (int k = 0; k < H.length; k++) {
                float[] plus = H.clone();
                float[] minus = H.clone();
                plus[k] += (float) eps;
                minus[k] -= (float) eps;
                double numeric = (lossAt(head, m, plus) - lossAt(head, m, minus)) / (plus[k] - minus[k]);
                assertEquals(numeric, analytic[k], 2e-3, "dL/dhidden element " + k);
            }
        }
    }

    private static double lossAt(ClassificationHead head, NDManager m, float[] h) {
        try (NDManager scratch = m.newSubManager()) {
            return head.loss(OwnedArrays.floats(scratch, h, new Shape(B, D)), LABELS, WEIGHTS).toFloatArray()[0];
        }
    }

    @Test
    void microBatchesAddUpToTheBatchAndUnitWeightsAreThePlainLoss() {
        try (ClassificationHead head = ClassificationHead.create("<Active>", List.of("0", "1"), D, 9);
                NDManager m = DjlRuntime.newManager()) {
            NDArray all = OwnedArrays.floats(m, H, new Shape(B, D));
            double whole = head.loss(all, LABELS, WEIGHTS).toFloatArray()[0];
            // Micro-batches of 2 and 1, each scaled by its share of the batch (as gradient accumulation does).
            double first = head.loss(OwnedArrays.floats(m, java.util.Arrays.copyOf(H, 2 * D), new Shape(2, D)),
                    new int[] {LABELS[0], LABELS[1]}, new float[] {WEIGHTS[0], WEIGHTS[1]}).toFloatArray()[0];
            double last = head.loss(OwnedArrays.floats(m, java.util.Arrays.copyOfRange(H, 2 * D, 3 * D),
                    new Shape(1, D)), new int[] {LABELS[2]}, new float[] {WEIGHTS[2]}).toFloatArray()[0];
            assertEquals(whole, first * 2 / 3 + last / 3, 1e-5);
            assertEquals(head.loss(all, LABELS).toFloatArray()[0],
                    head.loss(all, LABELS, new float[] {1, 1, 1}).toFloatArray()[0], 1e-6);
            assertThrows(IllegalArgumentException.class, () -> head.loss(all, LABELS, new float[] {1, 1}));
        }
    }
}
