package org.tagllm.knime.engine.train;

/**
 * The learning rate of each optimizer step. Steps are counted from 0: {@code rate(k)} is the rate of the (k+1)-th
 * update, as with a PyTorch {@code LambdaLR} that is stepped after each {@code optimizer.step()}.
 */
public sealed interface LearningRateSchedule {

    /** The rate for the optimizer step with 0-based index {@code step}. */
    double rate(long step);

    /** The same rate at every step. */
    static LearningRateSchedule constant(double rate) {
        return new Constant(rate);
    }

    /**
     * Linear warm-up from 0, then half a cosine down to {@code floorRatio · peak}: Hugging Face's
     * {@code get_cosine_schedule_with_warmup} (with {@code floorRatio} as the {@code min_lr_rate} of
     * {@code get_cosine_with_min_lr_schedule_with_warmup}). With warm-up the first step's rate is 0, as there.
     *
     * @param warmupFraction share of {@code totalSteps} spent warming up, in [0, 1); see {@link #warmupSteps}
     */
    static LearningRateSchedule cosineWithWarmup(double peak, long totalSteps, double warmupFraction,
            double floorRatio) {
        return new CosineWithWarmup(peak, totalSteps, warmupSteps(totalSteps, warmupFraction), floorRatio);
    }

    /**
     * Warm-up steps for a fraction of the total: {@code ceil(totalSteps · fraction)} (Hugging Face's
     * {@code warmup_ratio}), but at least 1 when the fraction is positive, and never all steps: a one-step run has
     * no warm-up (Hugging Face would spend its only step at rate 0).
     */
    static long warmupSteps(long totalSteps, double warmupFraction) {
        if (!(warmupFraction >= 0 && warmupFraction < 1)) {
            throw new IllegalArgumentException("warm-up fraction must lie in [0, 1), got " + warmupFraction);
        }
        if (totalSteps < 1) {
            throw new IllegalArgumentException("total steps must be at least 1, got " + totalSteps);
        }
        return warmupFraction == 0 ? 0
                : Math.min(totalSteps - 1, Math.max(1, (long) Math.ceil(totalSteps * warmupFraction)));
    }

    /** @param rate the rate, at least 0 and finite */
    record Constant(double rate) implements LearningRateSchedule {

        public Constant {
            checkRate(rate);
        }

        @Override
        public double rate(long step) {
            if (step < 0) {
                throw new IllegalArgumentException("step must be at least 0, got " + step);
            }
            return rate;
        }
    }

    /**
     * @param peak        the rate at the end of warm-up
     * @param totalSteps  steps of the whole run, at least 1; {@code rate(totalSteps)} is the floor
     * @param warmupSteps steps of linear warm-up, in [0, totalSteps)
     * @param floorRatio  the final rate as a fraction of {@code peak}, in [0, 1]
     */
    record CosineWithWarmup(double peak, long totalSteps, long warmupSteps, double floorRatio)
            implements LearningRateSchedule {

        public CosineWithWarmup {
            checkRate(peak);
            if (totalSteps < 1) {
                throw new IllegalArgumentException("total steps must be at least 1, got " + totalSteps);
            }
            if (warmupSteps < 0 || warmupSteps >= totalSteps) {
                throw new IllegalArgumentException("warm-up steps must lie in [0, " + totalSteps + "), got "
                        + warmupSteps);
            }
            if (!(floorRatio >= 0 && floorRatio <= 1)) {
                throw new IllegalArgumentException("learning-rate floor ratio must lie in [0, 1], got " + floorRatio);
            }
        }

        @Override
        public double rate(long step) {
            if (step < 0 || step > totalSteps) {
                throw new IllegalArgumentException("step must lie in [0, " + totalSteps + "], got " + step);
            }
            if (step < warmupSteps) {
                return peak * ((double) step / Math.max(1, warmupSteps));
            }
            double progress = (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
            double factor = 0.5 * (1.0 + Math.cos(Math.PI * progress));
            return peak * Math.max(0, factor * (1 - floorRatio) + floorRatio);
        }
    }

    private static void checkRate(double rate) {
        if (!(rate >= 0 && Double.isFinite(rate))) {
            throw new IllegalArgumentException("learning rate must be at least 0 and finite, got " + rate);
        }
    }
}
