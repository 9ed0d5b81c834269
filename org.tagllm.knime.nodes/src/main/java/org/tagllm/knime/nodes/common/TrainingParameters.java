package org.tagllm.knime.nodes.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.tagllm.knime.engine.train.TrainingCheckpoint;
import org.tagllm.knime.engine.train.TrainingDefaults;
import org.tagllm.knime.engine.train.TrainingSettings;
import org.tagllm.knime.nodes.exec.SettingsException;

/**
 * Optimiser, schedule and budget of a training node, with the command line's defaults ({@code --epochs 1 --batch 16
 * --lr 1e-3 --warmup 0.03 --weight-decay 0 --patience 0 --seed 0}), both from the engine's {@link TrainingDefaults}.
 *
 * @param epochs         passes over the training data; used when {@code maxSteps} is 0
 * @param maxSteps       optimizer steps at most; 0 = bounded by the epochs only
 * @param batchSize      examples per optimizer step
 * @param microBatchSize examples per forward pass, gradients accumulated up to the batch; 0 = the batch size
 * @param learningRate   peak learning rate of AdamW (cosine schedule)
 * @param warmupFraction share of the steps with linear warm-up
 * @param weightDecay    AdamW's decoupled weight decay
 * @param seed           seed of shuffling, splits and initialisation
 * @param patience       early stopping: epochs without validation improvement before stopping; 0 = off
 * @param keepBestEpoch  put back the parameters of the best validation epoch at the end
 * @param checkpointFolder where checkpoints go, or empty for none; a run finding a checkpoint of the same run there
 *                       resumes from it (a cancelled or failed node continues where it stopped when executed again)
 * @param checkpointEvery optimizer steps between checkpoints; 0 = one at the end only
 */
public record TrainingParameters(int epochs, long maxSteps, int batchSize, int microBatchSize, double learningRate,
        double warmupFraction, double weightDecay, long seed, int patience, boolean keepBestEpoch,
        String checkpointFolder, long checkpointEvery) {

    public TrainingParameters {
        checkpointFolder = checkpointFolder == null ? "" : checkpointFolder.strip();
    }

    public static TrainingParameters defaults() {
        return builder().build();
    }

    /** Parameters from the command line's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
        return new Builder().optEpochs(epochs).optMaxSteps(maxSteps).optBatchSize(batchSize)
                .optMicroBatchSize(microBatchSize).optLearningRate(learningRate).optWarmupFraction(warmupFraction)
                .optWeightDecay(weightDecay).optSeed(seed).optPatience(patience).optKeepBestEpoch(keepBestEpoch)
                .optCheckpointFolder(checkpointFolder).optCheckpointEvery(checkpointEvery);
    }

    public TrainingParameters withEpochs(int v) {
        return toBuilder().optEpochs(v).build();
    }

    public TrainingParameters withMaxSteps(long v) {
        return toBuilder().optMaxSteps(v).build();
    }

    public TrainingParameters withBatchSize(int v) {
        return toBuilder().optBatchSize(v).build();
    }

    public TrainingParameters withMicroBatchSize(int v) {
        return toBuilder().optMicroBatchSize(v).build();
    }

    public TrainingParameters withLearningRate(double v) {
        return toBuilder().optLearningRate(v).build();
    }

    public TrainingParameters withWarmupFraction(double v) {
        return toBuilder().optWarmupFraction(v).build();
    }

    public TrainingParameters withWeightDecay(double v) {
        return toBuilder().optWeightDecay(v).build();
    }

    public TrainingParameters withSeed(long v) {
        return toBuilder().optSeed(v).build();
    }

    public TrainingParameters withPatience(int v) {
        return toBuilder().optPatience(v).build();
    }

    public TrainingParameters withKeepBestEpoch(boolean v) {
        return toBuilder().optKeepBestEpoch(v).build();
    }

    public TrainingParameters withCheckpointFolder(String v) {
        return toBuilder().optCheckpointFolder(v).build();
    }

    public TrainingParameters withCheckpointEvery(long v) {
        return toBuilder().optCheckpointEvery(v).build();
    }

    /** @throws SettingsException naming the first setting out of range */
    public void validate() throws SettingsException {
        if (epochs < 1) {
            throw new SettingsException("epochs", epochs, "must be at least 1");
        }
        if (maxSteps < 0) {
            throw new SettingsException("max steps", maxSteps, "must be 0 (no limit) or positive");
        }
        if (batchSize < 1) {
            throw new SettingsException("batch size", batchSize, "must be at least 1");
        }
        if (microBatchSize < 0 || microBatchSize > batchSize) {
            throw new SettingsException("micro-batch size", microBatchSize, "must be 0 (the batch size) or "
                    + "between 1 and the batch size " + batchSize);
        }
        if (!(learningRate > 0 && Double.isFinite(learningRate))) {
            throw new SettingsException("learning rate", learningRate, "must be positive and finite");
        }
        if (!(warmupFraction >= 0 && warmupFraction < 1)) {
            throw new SettingsException("warm-up fraction", warmupFraction, "must lie in [0, 1)");
        }
        if (!(weightDecay >= 0 && Double.isFinite(weightDecay))) {
            throw new SettingsException("weight decay", weightDecay, "must be 0 or positive");
        }
        if (patience < 0) {
            throw new SettingsException("patience", patience, "must be 0 (no early stopping) or positive");
        }
        if (checkpointEvery < 0) {
            throw new SettingsException("checkpoint every", checkpointEvery, "must be 0 (at the end only) or "
                    + "positive");
        }
        if (!checkpointFolder.isEmpty() && Files.exists(Path.of(checkpointFolder))
                && !Files.isDirectory(Path.of(checkpointFolder))) {
            throw new SettingsException("checkpoint folder", checkpointFolder, "is a file, not a folder");
        }
    }

    /** The engine's settings; progress is reported after every step, so a cancel is seen within one. */
    public TrainingSettings toEngine() {
        TrainingSettings.Builder b = TrainingSettings.builder().setBatchSize(batchSize).optLearningRate(learningRate)
                .optWeightDecay(weightDecay).optWarmupFraction(warmupFraction).optSeed(seed).optLogEvery(1)
                .optRestoreBestParameters(keepBestEpoch);
        if (microBatchSize > 0) {
            b.optMicroBatchSize(microBatchSize);
        }
        if (maxSteps > 0) {
            b.optMaxSteps(maxSteps);
        } else {
            b.optEpochs(epochs);
        }
        if (patience > 0) {
            b.optEarlyStopping(patience, 0);
        }
        if (!checkpointFolder.isEmpty()) {
            b.optCheckpoints(Path.of(checkpointFolder), checkpointEvery > 0 ? checkpointEvery : Long.MAX_VALUE / 4);
        }
        return b.build();
    }

    /**
     * The newest checkpoint in the checkpoint folder, to resume from; empty without a folder or checkpoint. The
     * engine refuses one of another run, naming the settings that differ.
     */
    public Optional<Path> resumePoint() throws IOException {
        return checkpointFolder.isEmpty() ? Optional.empty()
                : TrainingCheckpoint.latest(Path.of(checkpointFolder));
    }

    /**
     * Builds {@link TrainingParameters}; every value is optional ({@code opt…}) and starts at the command line's
     * default ({@link TrainingDefaults}; no step budget, no micro-batches, no weight decay, seed 0, no early stopping,
     * the best epoch kept, no checkpoints). {@link TrainingParameters#validate} checks the values.
     */
    public static final class Builder {

        private int epochs = TrainingDefaults.EPOCHS;
        private long maxSteps;
        private int batchSize = TrainingDefaults.BATCH_SIZE;
        private int microBatchSize;
        private double learningRate = TrainingDefaults.LEARNING_RATE;
        private double warmupFraction = TrainingDefaults.WARMUP_FRACTION;
        private double weightDecay;
        private long seed;
        private int patience;
        private boolean keepBestEpoch = true;
        private String checkpointFolder = "";
        private long checkpointEvery;

        private Builder() {}

        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        public Builder optMaxSteps(long maxSteps) {
            this.maxSteps = maxSteps;
            return this;
        }

        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder optMicroBatchSize(int microBatchSize) {
            this.microBatchSize = microBatchSize;
            return this;
        }

        public Builder optLearningRate(double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        public Builder optWarmupFraction(double warmupFraction) {
            this.warmupFraction = warmupFraction;
            return this;
        }

        public Builder optWeightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder optPatience(int patience) {
            this.patience = patience;
            return this;
        }

        public Builder optKeepBestEpoch(boolean keepBestEpoch) {
            this.keepBestEpoch = keepBestEpoch;
            return this;
        }

        public Builder optCheckpointFolder(String checkpointFolder) {
            this.checkpointFolder = checkpointFolder;
            return this;
        }

        public Builder optCheckpointEvery(long checkpointEvery) {
            this.checkpointEvery = checkpointEvery;
            return this;
        }

        public TrainingParameters build() {
            return new TrainingParameters(epochs, maxSteps, batchSize, microBatchSize, learningRate, warmupFraction,
                    weightDecay, seed, patience, keepBestEpoch, checkpointFolder, checkpointEvery);
        }
    }
}
