package org.tagllm.knime.engine.train;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link Trainer} trains: length, batching, optimizer, schedule, seed, early stopping, checkpoints, logging.
 * Built with {@link #builder()}; {@code set…} methods are required, {@code opt…} ones have the defaults shown.
 *
 * <pre>{@code
 * TrainingSettings s = TrainingSettings.builder().setBatchSize(8).optEpochs(3).optMicroBatchSize(2)
 *         .optEarlyStopping(2, 0.0).optCheckpoints(dir, 100).build();
 * }</pre>
 *
 * <p>A batch of {@code batchSize} examples makes one optimizer step; it is computed in micro-batches of at most
 * {@code microBatchSize} examples whose gradients are accumulated. The last batch of an epoch may be smaller.
 */
public final class TrainingSettings {

    /** The learning-rate schedule's shape; the peak is {@link #learningRate()}. */
    public enum Schedule {
        /** Linear warm-up, then cosine decay to the floor ({@link LearningRateSchedule#cosineWithWarmup}). */
        COSINE,
        /** The same rate throughout; no warm-up. */
        CONSTANT
    }

    /** Share of all steps spent in linear warm-up unless set. */
    public static final double DEFAULT_WARMUP_FRACTION = 0.03;

    private final int epochs;
    private final long maxSteps;
    private final int batchSize;
    private final int microBatchSize;
    private final double learningRate;
    private final Schedule schedule;
    private final double warmupFraction;
    private final double minLearningRateRatio;
    private final AdamWSettings adamW;
    private final long seed;
    private final int earlyStoppingPatience;
    private final double earlyStoppingMinDelta;
    private final boolean restoreBestParameters;
    private final Path checkpointDir;
    private final long checkpointEvery;
    private final int keepCheckpoints;
    private final long logEvery;

    private TrainingSettings(Builder b) {
        epochs = b.epochs;
        maxSteps = b.maxSteps;
        batchSize = b.batchSize;
        microBatchSize = b.microBatchSize == 0 ? b.batchSize : b.microBatchSize;
        learningRate = b.learningRate;
        schedule = b.schedule;
        warmupFraction = b.warmupFraction;
        minLearningRateRatio = b.minLearningRateRatio;
        adamW = new AdamWSettings(b.beta1, b.beta2, b.epsilon, b.weightDecay, b.maxGradientNorm);
        seed = b.seed;
        earlyStoppingPatience = b.earlyStoppingPatience;
        earlyStoppingMinDelta = b.earlyStoppingMinDelta;
        restoreBestParameters = b.restoreBestParameters;
        checkpointDir = b.checkpointDir;
        checkpointEvery = b.checkpointEvery;
        keepCheckpoints = b.keepCheckpoints;
        logEvery = b.logEvery;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The same settings with another seed (an ensemble's further members). */
    public TrainingSettings withSeed(long newSeed) {
        return copy(newSeed, checkpointDir);
    }

    /** The same settings writing checkpoints to another folder (null: none). */
    public TrainingSettings withCheckpointDir(Path dir) {
        return copy(seed, dir);
    }

    private TrainingSettings copy(long newSeed, Path newCheckpointDir) {
        Builder b = new Builder();
        b.epochs = epochs;
        b.maxSteps = maxSteps;
        b.batchSize = batchSize;
        b.microBatchSize = microBatchSize;
        b.learningRate = learningRate;
        b.schedule = schedule;
        b.warmupFraction = warmupFraction;
        b.minLearningRateRatio = minLearningRateRatio;
        b.beta1 = adamW.beta1();
        b.beta2 = adamW.beta2();
        b.epsilon = adamW.epsilon();
        b.weightDecay = adamW.weightDecay();
        b.maxGradientNorm = adamW.maxGradientNorm();
        b.seed = newSeed;
        b.earlyStoppingPatience = earlyStoppingPatience;
        b.earlyStoppingMinDelta = earlyStoppingMinDelta;
        b.restoreBestParameters = restoreBestParameters;
        b.checkpointDir = newCheckpointDir;
        b.checkpointEvery = checkpointEvery;
        b.keepCheckpoints = keepCheckpoints;
        b.logEvery = logEvery;
        return new TrainingSettings(b);
    }

    /** Passes over the training data; 0 when only {@link #maxSteps()} bounds the run. */
    public int epochs() {
        return epochs;
    }

    /** Optimizer-step budget; 0 when only {@link #epochs()} bounds the run. */
    public long maxSteps() {
        return maxSteps;
    }

    public int batchSize() {
        return batchSize;
    }

    public int microBatchSize() {
        return microBatchSize;
    }

    /** Peak learning rate. */
    public double learningRate() {
        return learningRate;
    }

    public Schedule schedule() {
        return schedule;
    }

    public double warmupFraction() {
        return warmupFraction;
    }

    public double minLearningRateRatio() {
        return minLearningRateRatio;
    }

    /** Betas, epsilon, weight decay and gradient clipping. */
    public AdamWSettings adamW() {
        return adamW;
    }

    public long seed() {
        return seed;
    }

    /** Epochs without improvement of the validation score before stopping; 0 = never stop early. */
    public int earlyStoppingPatience() {
        return earlyStoppingPatience;
    }

    /** How much better than the best so far a validation score must be to count as an improvement. */
    public double earlyStoppingMinDelta() {
        return earlyStoppingMinDelta;
    }

    /** Whether the parameters of the best validation score are put back when training ends. */
    public boolean restoreBestParameters() {
        return restoreBestParameters;
    }

    /** Where checkpoints go, if anywhere. */
    public Optional<Path> checkpointDir() {
        return Optional.ofNullable(checkpointDir);
    }

    /** Optimizer steps between checkpoints; 0 = only at the end of training. */
    public long checkpointEvery() {
        return checkpointEvery;
    }

    /** Checkpoints kept in {@link #checkpointDir()}; older ones are deleted once a newer one is complete. */
    public int keepCheckpoints() {
        return keepCheckpoints;
    }

    /** Optimizer steps between progress reports. */
    public long logEvery() {
        return logEvery;
    }

    /** Optimizer steps per epoch over {@code examples} examples. */
    public long stepsPerEpoch(int examples) {
        return (examples + (long) batchSize - 1) / batchSize;
    }

    /** Optimizer steps of the whole run over {@code examples} examples: the smaller of the two bounds that are set. */
    public long totalSteps(int examples) {
        long byEpochs = epochs == 0 ? Long.MAX_VALUE : Math.multiplyExact(epochs, stepsPerEpoch(examples));
        return maxSteps == 0 ? byEpochs : Math.min(maxSteps, byEpochs);
    }

    /** The learning rate of every step of a run of {@code totalSteps}. */
    public LearningRateSchedule learningRateSchedule(long totalSteps) {
        return switch (schedule) {
            case COSINE -> LearningRateSchedule.cosineWithWarmup(learningRate, totalSteps, warmupFraction,
                    minLearningRateRatio);
            case CONSTANT -> LearningRateSchedule.constant(learningRate);
        };
    }

    /**
     * Every setting that shapes the trajectory of the parameters, by name, in a fixed order, as text that
     * round-trips: what a checkpoint must agree with to be resumed. Where and how often checkpoints are written and
     * how often progress is logged are left out: they do not change the result.
     */
    Map<String, String> trajectory() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("epochs", Integer.toString(epochs));
        m.put("maxSteps", Long.toString(maxSteps));
        m.put("batchSize", Integer.toString(batchSize));
        m.put("microBatchSize", Integer.toString(microBatchSize));
        m.put("learningRate", Double.toString(learningRate));
        m.put("schedule", schedule.name());
        m.put("warmupFraction", Double.toString(warmupFraction));
        m.put("minLearningRateRatio", Double.toString(minLearningRateRatio));
        m.put("beta1", Double.toString(adamW.beta1()));
        m.put("beta2", Double.toString(adamW.beta2()));
        m.put("epsilon", Double.toString(adamW.epsilon()));
        m.put("weightDecay", Double.toString(adamW.weightDecay()));
        m.put("maxGradientNorm", Double.toString(adamW.maxGradientNorm()));
        m.put("seed", Long.toString(seed));
        m.put("earlyStoppingPatience", Integer.toString(earlyStoppingPatience));
        m.put("earlyStoppingMinDelta", Double.toString(earlyStoppingMinDelta));
        m.put("restoreBestParameters", Boolean.toString(restoreBestParameters));
        return m;
    }

    @Override
    public String toString() {
        return "TrainingSettings" + trajectory() + (checkpointDir == null ? ""
                : " checkpoints in " + checkpointDir + " every " + checkpointEvery + " steps");
    }

    public static final class Builder {

        private int epochs;
        private long maxSteps;
        private int batchSize;
        private int microBatchSize;
        private double learningRate = 1e-4;
        private Schedule schedule = Schedule.COSINE;
        private double warmupFraction = DEFAULT_WARMUP_FRACTION;
        private double minLearningRateRatio;
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double epsilon = 1e-8;
        private double weightDecay;
        private double maxGradientNorm;
        private long seed;
        private int earlyStoppingPatience;
        private double earlyStoppingMinDelta;
        private boolean restoreBestParameters = true;
        private Path checkpointDir;
        private long checkpointEvery;
        private int keepCheckpoints = 1;
        private long logEvery = 10;

        private Builder() {}

        /** Examples per optimizer step; required, at least 1. */
        public Builder setBatchSize(int batchSize) {
            this.batchSize = atLeast("batchSize", batchSize, 1);
            return this;
        }

        /** Passes over the data (set this, {@link #optMaxSteps}, or both: the run ends at the first bound). */
        public Builder optEpochs(int epochs) {
            this.epochs = atLeast("epochs", epochs, 1);
            return this;
        }

        /** Optimizer-step budget (set this, {@link #optEpochs}, or both). */
        public Builder optMaxSteps(long maxSteps) {
            this.maxSteps = atLeast("maxSteps", maxSteps, 1);
            return this;
        }

        /** Examples per forward/backward pass, in [1, batchSize]; default: the batch size (no accumulation). */
        public Builder optMicroBatchSize(int microBatchSize) {
            this.microBatchSize = atLeast("microBatchSize", microBatchSize, 1);
            return this;
        }

        /** Peak learning rate; default 1e-4. */
        public Builder optLearningRate(double learningRate) {
            if (!(learningRate > 0 && Double.isFinite(learningRate))) {
                throw new InvalidSettingException("learningRate", learningRate, "must be positive and finite");
            }
            this.learningRate = learningRate;
            return this;
        }

        /** Default {@link Schedule#COSINE}. */
        public Builder optSchedule(Schedule schedule) {
            this.schedule = Objects.requireNonNull(schedule, "schedule");
            return this;
        }

        /** Share of all steps spent in linear warm-up, in [0, 1); default 0.03 (at least one step when positive). */
        public Builder optWarmupFraction(double warmupFraction) {
            if (!(warmupFraction >= 0 && warmupFraction < 1)) {
                throw new InvalidSettingException("warmupFraction", warmupFraction, "must lie in [0, 1)");
            }
            this.warmupFraction = warmupFraction;
            return this;
        }

        /** Where the cosine ends, as a fraction of the peak rate, in [0, 1]; default 0. */
        public Builder optMinLearningRateRatio(double ratio) {
            if (!(ratio >= 0 && ratio <= 1)) {
                throw new IllegalArgumentException("minLearningRateRatio must lie in [0, 1], got " + ratio);
            }
            this.minLearningRateRatio = ratio;
            return this;
        }

        /** AdamW's moment decays; default 0.9 and 0.999. */
        public Builder optBetas(double beta1, double beta2) {
            this.beta1 = beta1;
            this.beta2 = beta2;
            return this;
        }

        /** AdamW's epsilon; default 1e-8. */
        public Builder optEpsilon(double epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        /** Decoupled weight decay; default 0. */
        public Builder optWeightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /** Clip the global gradient norm to this; default 0 = no clipping. */
        public Builder optMaxGradientNorm(double maxGradientNorm) {
            this.maxGradientNorm = maxGradientNorm;
            return this;
        }

        /** Seed of the per-epoch shuffling; default 0. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Stop after {@code patience} epochs without a validation score better than the best by more than
         * {@code minDelta}; default patience 0 = never stop early.
         */
        public Builder optEarlyStopping(int patience, double minDelta) {
            if (!(minDelta >= 0 && Double.isFinite(minDelta))) {
                throw new InvalidSettingException("earlyStoppingMinDelta", minDelta, "must be at least 0 and finite");
            }
            this.earlyStoppingPatience = atLeast("earlyStoppingPatience", patience, 0);
            this.earlyStoppingMinDelta = minDelta;
            return this;
        }

        /** Put back the parameters of the best validation score at the end; default true. */
        public Builder optRestoreBestParameters(boolean restore) {
            this.restoreBestParameters = restore;
            return this;
        }

        /**
         * Write checkpoints into {@code dir} every {@code every} optimizer steps (0 = only at the end) and at the end
         * of training.
         */
        public Builder optCheckpoints(Path dir, long every) {
            this.checkpointDir = Objects.requireNonNull(dir, "checkpoint dir");
            this.checkpointEvery = atLeast("checkpointEvery", every, 0);
            return this;
        }

        /** Checkpoints to keep; default 1. */
        public Builder optKeepCheckpoints(int keep) {
            this.keepCheckpoints = atLeast("keepCheckpoints", keep, 1);
            return this;
        }

        /** Optimizer steps between progress reports; default 10. */
        public Builder optLogEvery(long steps) {
            this.logEvery = atLeast("logEvery", steps, 1);
            return this;
        }

        public TrainingSettings build() {
            if (batchSize == 0) {
                throw new IllegalStateException("batchSize is required: call setBatchSize");
            }
            if (epochs == 0 && maxSteps == 0) {
                throw new IllegalStateException("the run needs a length: call optEpochs, optMaxSteps or both");
            }
            if (microBatchSize > batchSize) {
                throw new InvalidSettingException("microBatchSize", microBatchSize,
                        "must not exceed batchSize (" + batchSize + "): a micro-batch is a part of a batch");
            }
            return new TrainingSettings(this); // AdamWSettings validates betas, epsilon, decay and clipping
        }

        private static int atLeast(String name, int value, int min) {
            if (value < min) {
                throw new InvalidSettingException(name, value, "must be at least " + min);
            }
            return value;
        }

        private static long atLeast(String name, long value, long min) {
            if (value < min) {
                throw new InvalidSettingException(name, value, "must be at least " + min);
            }
            return value;
        }
    }
}
