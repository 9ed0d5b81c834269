package org.tagllm.knime.engine.train;

/**
 * AdamW's hyper-parameters other than the learning rate (which a {@link LearningRateSchedule} supplies per step).
 *
 * @param beta1           decay of the first-moment average, in [0, 1); 0.9 by default
 * @param beta2           decay of the second-moment average, in [0, 1); 0.999 by default
 * @param epsilon         added to the denominator, positive; 1e-8 by default
 * @param weightDecay     decoupled weight decay, at least 0; 0 by default
 * @param maxGradientNorm clip the global L2 norm of all gradients to this before the update
 *                        ({@code torch.nn.utils.clip_grad_norm_}); 0 (the default) turns clipping off
 */
public record AdamWSettings(double beta1, double beta2, double epsilon, double weightDecay, double maxGradientNorm) {

    public AdamWSettings {
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw new IllegalArgumentException("AdamW beta1 must lie in [0, 1), got " + beta1);
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("AdamW beta2 must lie in [0, 1), got " + beta2);
        }
        if (!(epsilon > 0 && Double.isFinite(epsilon))) {
            throw new IllegalArgumentException("AdamW epsilon must be positive and finite, got " + epsilon);
        }
        if (!(weightDecay >= 0 && Double.isFinite(weightDecay))) {
            throw new InvalidSettingException("weightDecay", weightDecay, "must be at least 0 and finite");
        }
        if (!(maxGradientNorm >= 0 && Double.isFinite(maxGradientNorm))) {
            throw new IllegalArgumentException("maxGradientNorm must be at least 0 (0 = no clipping) and finite, got "
                    + maxGradientNorm);
        }
    }

    /** PyTorch's defaults with no weight decay and no clipping. */
    public static AdamWSettings defaults() {
        return new AdamWSettings(0.9, 0.999, 1e-8, 0, 0);
    }

    public AdamWSettings withBetas(double beta1, double beta2) {
        return new AdamWSettings(beta1, beta2, epsilon, weightDecay, maxGradientNorm);
    }

    public AdamWSettings withEpsilon(double epsilon) {
        return new AdamWSettings(beta1, beta2, epsilon, weightDecay, maxGradientNorm);
    }

    public AdamWSettings withWeightDecay(double weightDecay) {
        return new AdamWSettings(beta1, beta2, epsilon, weightDecay, maxGradientNorm);
    }

    public AdamWSettings withMaxGradientNorm(double maxGradientNorm) {
        return new AdamWSettings(beta1, beta2, epsilon, weightDecay, maxGradientNorm);
    }

    /** True when gradients are clipped before each step. */
    public boolean clips() {
        return maxGradientNorm > 0;
    }
}
