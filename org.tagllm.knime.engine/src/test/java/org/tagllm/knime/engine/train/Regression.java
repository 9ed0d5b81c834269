package org.tagllm.knime.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tagllm.knime.engine.runtime.OwnedArrays;
import org.tagllm.knime.engine.tensor.FloatTensor;

/**
 * Linear regression as a stand-in model: y = x · wᵀ + b with trainables {@code w} [1, D] and {@code b} [1], mean
 * squared error as the loss, on synthetic data from a fixed true line plus noise.
 */
final class Regression {

    static final int D = 4;
    private static final float[] TRUE_W = {1.5f, -2f, 0.5f, 3f};
    private static final float TRUE_B = 0.7f;

    record Example(float[] x, float y) {}

    private Regression() {}

    static List<Example> data(int n, long seed) {
        Random r = new Random(seed);
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] x = new float[D];
            double y = TRUE_B + 0.05 * r.nextGaussian();
            for (int j = 0; j < D; j++) {
                x[j] = (float) r.nextGaussian();
                y += x[j] * TRUE_W[j];
            }
            out.add(new Example(x, (float) y));
        }
        return out;
    }

    /** Trainables {@code w} and {@code b} holding {@code fill}. */
    static TrainableSet trainables(float fill) {
        float[] w = new float[D];
        java.util.Arrays.fill(w, fill);
        return TrainableSet.builder().add("w", new FloatTensor(w, new long[] {1, D}))
                .add("b", new FloatTensor(new float[] {fill}, new long[] {1})).build();
    }

    /** Mean squared error of the batch; every array in {@code m}, no {@code Number} overloads. */
    static NDArray loss(TrainableSet t, List<Example> batch, NDManager m) {
        int n = batch.size();
        float[] xs = new float[n * D];
        float[] ys = new float[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(batch.get(i).x(), 0, xs, i * D, D);
            ys[i] = batch.get(i).y();
        }
        NDArray x = OwnedArrays.floats(m, xs, new Shape(n, D));
        NDArray y = OwnedArrays.floats(m, ys, new Shape(n, 1));
        NDArray prediction = x.dot(t.get("w").transpose()).add(t.get("b"));
        return prediction.sub(y).square().mean();
    }

    static StepFunction<Example> step(TrainableSet t) {
        return (batch, m) -> loss(t, batch, m);
    }

    static Evaluator validation(TrainableSet t, List<Example> data) {
        return Evaluator.minimizing(m -> loss(t, data, m).getFloat());
    }
}
