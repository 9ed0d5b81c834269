package org.tagllm.knime.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tagllm.knime.engine.runtime.DjlRuntime;
import org.tagllm.knime.engine.runtime.OwnedArrays;
import org.tagllm.knime.engine.tensor.FloatTensor;

/**
 * AdamW (Loshchilov and Hutter, decoupled weight decay) over a {@link TrainableSet}, with the semantics of
 * {@code torch.optim.AdamW}'s single-tensor path, the one PyTorch uses on CPU. For each trainable p with gradient g,
 * after step count t has been incremented:
 *
 * <pre>
 * p  ← p · (1 − lr·wd)                       skipped when wd = 0, as in PyTorch
 * m  ← m + (1 − β1)(g − m)                   torch's lerp_(g, 1 − β1), i.e. β1 m + (1 − β1) g
 * v  ← β2 v + (1 − β2) g²                    torch's mul_(β2).addcmul_(g, g, 1 − β2)
 * p  ← p − lr/(1 − β1^t) · m / (√v / √(1 − β2^t) + ε)
 * </pre>
 *
 * <p>Bias corrections and step sizes are computed in double, then applied as float32 scalars, as PyTorch does with
 * Python numbers. A trainable whose gradient was never computed counts as having a zero gradient (PyTorch would skip
 * it). Optional clipping scales all gradients by {@code min(1, maxNorm / (‖g‖ + 1e-6))} first, ‖g‖ being the L2 norm
 * over every gradient together ({@code clip_grad_norm_}).
 *
 * <p>The state (m, v, t) lives in a manager of this optimizer, created up front, never lazily in whatever manager is
 * current (DJL's own optimizers do that). Every scalar is a libtorch-owned array; every update runs with gradient
 * recording off.
 */
public final class AdamW implements AutoCloseable {

    /** Added to the global gradient norm before dividing, as in {@code clip_grad_norm_}. */
    private static final double CLIP_EPS = 1e-6;

    private final TrainableSet trainables;
    private final AdamWSettings settings;
    private final NDManager state;
    private final List<NDArray> params;
    private final List<NDArray> firstMoments = new ArrayList<>();
    private final List<NDArray> secondMoments = new ArrayList<>();
    private long step;

    public AdamW(TrainableSet trainables, AdamWSettings settings) {
        this.trainables = trainables;
        this.settings = settings;
        this.params = trainables.arrays();
        this.state = DjlRuntime.newManager(trainables.device());
        for (NDArray p : params) {
            firstMoments.add(state.zeros(p.getShape(), DataType.FLOAT32));
            secondMoments.add(state.zeros(p.getShape(), DataType.FLOAT32));
        }
    }

    public AdamWSettings settings() {
        return settings;
    }

    /** Steps taken so far (t). */
    public long stepCount() {
        return step;
    }

    /**
     * Updates every trainable in place from its current gradient, with learning rate {@code learningRate}. The
     * gradients are left as they are (clipped, if clipping is on); zero them before the next accumulation.
     */
    public void step(double learningRate) {
        if (!(learningRate >= 0 && Double.isFinite(learningRate))) {
            throw new IllegalArgumentException("learning rate must be at least 0 and finite, got " + learningRate);
        }
        long t = step + 1;
        double beta1 = settings.beta1();
        double beta2 = settings.beta2();
        double biasCorrection1 = 1 - Math.pow(beta1, t);
        double biasCorrection2 = 1 - Math.pow(beta2, t);
        try (NoGrad ignored = NoGrad.enter(); NDManager scope = state.newSubManager()) {
            // Results of operations go to the manager of their first operand: bring everything into the scope.
            List<NDArray> grads = new ArrayList<>();
            for (int i = 0; i < params.size(); i++) {
                params.get(i).tempAttach(scope);
                firstMoments.get(i).tempAttach(scope);
                secondMoments.get(i).tempAttach(scope);
                grads.add(params.get(i).getGradient()); // a zeros array when no gradient was ever computed
            }
            if (settings.clips()) {
                clip(grads, scope);
            }
            NDArray decay = settings.weightDecay() == 0 ? null
                    : OwnedArrays.scalar(scope, (float) (1 - learningRate * settings.weightDecay()));
            Lerp lerp = new Lerp(scope, 1 - beta1);
            NDArray beta2Scalar = OwnedArrays.scalar(scope, (float) beta2);
            NDArray oneMinusBeta2 = OwnedArrays.scalar(scope, (float) (1 - beta2));
            NDArray correction2Sqrt = OwnedArrays.scalar(scope, (float) Math.sqrt(biasCorrection2));
            NDArray eps = OwnedArrays.scalar(scope, (float) settings.epsilon());
            NDArray stepSize = OwnedArrays.scalar(scope, (float) (learningRate / biasCorrection1));
            for (int i = 0; i < params.size(); i++) {
                NDArray p = params.get(i);
                NDArray g = grads.get(i);
                NDArray m = firstMoments.get(i);
                NDArray v = secondMoments.get(i);
                if (decay != null) {
                    p.muli(decay);
                }
                lerp.apply(m, g);
                v.muli(beta2Scalar).addi(g.mul(oneMinusBeta2).muli(g));
                NDArray denominator = v.sqrt().divi(correction2Sqrt).addi(eps);
                p.subi(m.div(denominator).muli(stepSize));
            }
        }
        step = t;
    }

    /**
     * torch's {@code lerp_(end, w)} on CPU, rounding included: {@code self + w (end − self)} for |w| < 0.5, else
     * {@code end − (end − self)(1 − w)}, with w and 1 − w in float32.
     */
    private static final class Lerp {

        private final boolean small;
        private final NDArray factor;

        Lerp(NDManager scope, double weight) {
            float w = (float) weight;
            small = Math.abs(w) < 0.5f;
            factor = OwnedArrays.scalar(scope, small ? w : 1f - w);
        }

        void apply(NDArray self, NDArray end) {
            NDArray difference = end.sub(self).muli(factor);
            if (small) {
                self.addi(difference);
            } else {
                OwnedArrays.copyInto(self, end.sub(difference));
            }
        }
    }

    private void clip(List<NDArray> grads, NDManager scope) {
        double squares = 0;
        for (NDArray g : grads) {
            try (NDArray s = g.mul(g).sum()) {
                squares += s.getFloat();
            }
        }
        double total = Math.sqrt(squares);
        double coefficient = Math.min(1.0, settings.maxGradientNorm() / (total + CLIP_EPS));
        NDArray c = OwnedArrays.scalar(scope, (float) coefficient);
        for (NDArray g : grads) {
            g.muli(c);
        }
    }

    /** A copy of the state: t and both moments of every trainable. */
    public AdamWState exportState() {
        Map<String, FloatTensor> m = new LinkedHashMap<>();
        Map<String, FloatTensor> v = new LinkedHashMap<>();
        List<String> names = trainables.names();
        for (int i = 0; i < names.size(); i++) {
            m.put(names.get(i), data(firstMoments.get(i)));
            v.put(names.get(i), data(secondMoments.get(i)));
        }
        return new AdamWState(step, m, v);
    }

    private static FloatTensor data(NDArray a) {
        return new FloatTensor(a.toFloatArray(), a.getShape().getShape());
    }

    /** Replaces the state with {@code s}, whose moments must name exactly the trainables, with the same shapes. */
    public void importState(AdamWState s) {
        trainables.checkMatches(s.firstMoments(), "AdamW first moments");
        trainables.checkMatches(s.secondMoments(), "AdamW second moments");
        List<String> names = trainables.names();
        for (int i = 0; i < names.size(); i++) {
            OwnedArrays.copyInto(firstMoments.get(i), s.firstMoments().get(names.get(i)).values());
            OwnedArrays.copyInto(secondMoments.get(i), s.secondMoments().get(names.get(i)).values());
        }
        step = s.step();
    }

    /** Frees the state; the trainables stay open. */
    @Override
    public void close() {
        state.close();
    }
}
