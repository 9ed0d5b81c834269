package org.tagllm.knime.engine.tags;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Function;
import org.tagllm.knime.engine.GarbagePressure;
import org.tagllm.knime.engine.model.Gradients;
import org.tagllm.knime.engine.runtime.DjlRuntime;

/** Gradients and finite differences of a scalar loss with respect to parameter arrays, for tests. */
final class Params {

    private Params() {}

    /**
     * The gradients of {@code loss} with respect to {@code params} (zeroed first), optionally with a GC and poisoned
     * direct buffers between forward and backward.
     */
    static float[][] gradients(Function<NDManager, NDArray> loss, List<NDArray> params, boolean garbage) {
        Gradients.zero(params.toArray(NDArray[]::new));
        try (NDManager call = DjlRuntime.newManager();
                GradientCollector collector = DjlRuntime.engine().newGradientCollector()) {
            NDArray value = loss.apply(call);
            List<ByteBuffer> junk = garbage ? GarbagePressure.apply() : List.of();
            collector.backward(value);
            Reference.reachabilityFence(junk);
        }
        float[][] out = new float[params.size()][];
        for (int i = 0; i < out.length; i++) {
            try (NDArray g = params.get(i).getGradient()) {
                out[i] = g.toFloatArray();
            }
        }
        return out;
    }

    /** The loss without recording gradients, as a double. */
    static double value(Function<NDManager, NDArray> loss) {
        return WithoutGradients.run(() -> {
            try (NDManager call = DjlRuntime.newManager()) {
                return (double) loss.apply(call).toFloatArray()[0];
            }
        });
    }

    /**
     * Central difference of the loss along {@code direction} (same size as {@code param}): (L(p + h u) - L(p - h u))
     * / 2h. The parameter is restored after.
     */
    static double directionalDifference(Function<NDManager, NDArray> loss, NDArray param, float[] direction,
            double h) {
        float[] original = param.toFloatArray();
        float[] moved = new float[original.length];
        try {
            for (int i = 0; i < moved.length; i++) {
                moved[i] = (float) (original[i] + h * direction[i]);
            }
            param.set(moved);
            double plus = value(loss);
            for (int i = 0; i < moved.length; i++) {
                moved[i] = (float) (original[i] - h * direction[i]);
            }
            param.set(moved);
            double minus = value(loss);
            return (plus - minus) / (2 * h);
        } finally {
            param.set(original);
        }
    }

    /** Plain SGD: p -= lr * grad for each parameter (outside any collector), then zero the gradients. */
    static void sgdStep(List<NDArray> params, float lr) {
        try (NDManager m = DjlRuntime.newManager()) {
            NDArray rate = m.full(new Shape(), lr); // libtorch-owned scalar, no Number overload
            for (NDArray p : params) {
                try (NDArray g = p.getGradient(); NDArray step = g.mul(rate)) {
                    p.subi(step);
                }
            }
        }
        Gradients.zero(params.toArray(NDArray[]::new));
    }
}
