package org.tagllm.knime.nodes.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.tagllm.knime.engine.train.TrainingCheckpoint;
import org.tagllm.knime.engine.train.TrainingSettings;
import org.tagllm.knime.nodes.exec.SettingsException;

/**
 * Optimiser, schedule and budget of a training node, with the command line's defaults ({@code --epochs 1 --batch 16
 * --lr 1e-3 --warmup 0.03 --weight-decay 0 --patience 0 --seed 0}).
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
        return new TrainingParameters(1, 0, 16, 0, 1e-3, 0.03, 0, 0, 0, true, "", 0);
    }

    public TrainingParameters withEpochs(int v) {
        return new TrainingParameters(v, maxSteps, batchSize, microBatchSize, learningRate, warmupFraction,
                weightDecay, seed, patience, keepBestEpoch, checkpointFolder, checkpointEvery);
    }

    public TrainingParameters withMaxSteps(long v) {
        return new TrainingParameters(epochs, v, batchSize, microBatchSize, learningRate, warmupFraction, weightDecay,
                seed, patience, keepBestEpoch, checkpointFolder, checkpointEvery);
    }

    public TrainingParameters withBatchSize(int v) {
        return new TrainingParameters(epochs, maxSteps, v, microBatchSize, learningRate, warmupFraction, weightDecay,
                seed, patience, keepBestEpoch, checkpointFolder, checkpointEvery);
    }

    public TrainingParameters withMicroBatchSize(int v) {
        return new TrainingParameters(epochs, maxSteps, batchSize, v, learningRate, warmupFraction, weightDecay, seed,
                patience, keepBestEpoch, checkpointFolder, checkpointEvery);
    }

    public TrainingParameters withLearningRate(double v) {
        return new TrainingParameters(epochs, maxSteps, batchSize, microBatchSize, v, warmupFraction, weightDecay,
                seed, patience, keepBestEpoch, checkpointFolder, checkpointEvery);
    }

    public TrainingParameters withWarmupFraction(double v) {
        return new TrainingParameters(epochs, maxSteps, batchSize, microBatchSize, learningRate, v, weightDecay, seed,
                patience, keepBestEpoch, checkpointFolder, checkpointEvery);
    }

    public TrainingParameters withWeightDecay(double v) {
        return new TrainingParameters(epochs, maxSteps, batchSize, microBatchSize, learningRate, warmupFraction, v,
                seed, patience, keepBestEpoch, checkpointFolder, checkpointEvery);
    }

    public TrainingParameters withSeed(long v) {
        return new TrainingParameters(epochs, maxSteps, batchSize, microBatchSize, learningRate, warmupFraction,
                weightDecay, v, patience, keepBestEpoch, checkpointFolder, checkpointEvery);
    }

    public TrainingParameters withPatience(int v) {
        return new TrainingParameters(epochs, maxSteps, batchSize, microBatchSize, learningRate, warmupFraction,
                weightDecay, seed, v, keepBestEpoch, checkpointFolder, checkpointEvery);
    }

    public TrainingParameters withKeepBestEpoch(boolean v) {
        return new TrainingParameters(epochs, maxSteps, batchSize, microBatchSize, learningRate, warmupFraction,
                weightDecay, seed, patience, v, checkpointFolder, checkpointEvery);
    }

    public TrainingParameters withCheckpointFolder(String v) {
        return new TrainingParameters(epochs, maxSteps, batchSize, microBatchSize, learningRate, warmupFraction,
                weightDecay, seed, patience, keepBestEpoch, v, checkpointEvery);
    }

    public TrainingParameters withCheckpointEvery(long v) {
        return new TrainingParameters(epochs, maxSteps, batchSize, microBatchSize, learningRate, warmupFraction,
                weightDecay, seed, patience, keepBestEpoch, checkpointFolder, v);
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
}
