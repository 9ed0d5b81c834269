package org.tagllm.cli;

import java.nio.file.Path;
import java.util.Map;
import org.tagllm.knime.engine.train.InvalidSettingException;
import org.tagllm.knime.engine.train.TrainingDefaults;
import org.tagllm.knime.engine.train.TrainingSettings;
import picocli.CommandLine.Option;

/** Optimiser, schedule and budget options shared by the training commands (a picocli mixin). */
final class TrainingOptions {

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training data (default: ${DEFAULT-VALUE} unless --max-steps is given).",
            defaultValue = "" + TrainingDefaults.EPOCHS)
    int epochs;

    @Option(names = "--max-steps", paramLabel = "N", description = "Optimizer steps at most (0 = no limit).", defaultValue = "0")
    long maxSteps;

    @Option(names = "--batch", paramLabel = "N", description = "Examples per optimizer step (default: ${DEFAULT-VALUE}).",
            defaultValue = "" + TrainingDefaults.BATCH_SIZE)
    int batch;

    @Option(names = "--micro-batch", paramLabel = "N", description = "Examples per forward pass; gradients accumulate up to --batch (default: --batch).",
            defaultValue = "0")
    int microBatch;

    @Option(names = "--lr", paramLabel = "LR", description = "Peak learning rate of AdamW (default: ${DEFAULT-VALUE}; the paper's 1e-4 is too small for tiny models).",
            defaultValue = "" + TrainingDefaults.LEARNING_RATE)
    double learningRate;

    @Option(names = "--weight-decay", paramLabel = "DECAY", description = "AdamW weight decay (default: ${DEFAULT-VALUE}).", defaultValue = "0")
    double weightDecay;

    @Option(names = "--warmup", paramLabel = "SHARE", description = "Share of the steps with linear warm-up before the cosine decay (default: ${DEFAULT-VALUE}).",
            defaultValue = "" + TrainingDefaults.WARMUP_FRACTION)
    double warmup;

    @Option(names = "--patience", paramLabel = "N", description = "Early stopping: epochs without validation improvement (0 = off).", defaultValue = "0")
    int patience;

    @Option(names = "--seed", paramLabel = "SEED", description = "Seed of shuffling, splits and initialisation (default: ${DEFAULT-VALUE}).", defaultValue = "0")
    long seed;

    @Option(names = "--checkpoint-every", paramLabel = "N", description = "Write a checkpoint every N optimizer steps (0 = only at the end).",
            defaultValue = "0")
    long checkpointEvery;

    @Option(names = "--checkpoints", paramLabel = "DIR", description = "Checkpoint folder (default: OUT.checkpoints beside the bank).")
    Path checkpoints;

    @Option(names = "--resume", description = "Continue an interrupted run from its latest checkpoint; the result equals an uninterrupted run.")
    boolean resume;

    @Option(names = "--keep-checkpoints", description = "Keep the checkpoints after the run finishes (by default they "
            + "are removed then: they serve to resume a run that stops).")
    boolean keepCheckpoints;

    Path checkpointDir(Path out) {
        return checkpoints != null ? checkpoints : out.resolveSibling(out.getFileName() + ".checkpoints");
    }

    /** The engine's names of the settings as this command line spells them. */
    private static final Map<String, String> OPTION_NAMES = Map.of("batchSize", "--batch", "microBatchSize",
            "--micro-batch", "learningRate", "--lr", "warmupFraction", "--warmup", "epochs", "--epochs", "maxSteps",
            "--max-steps", "earlyStoppingPatience", "--patience", "checkpointEvery", "--checkpoint-every", "weightDecay",
            "--weight-decay");

    TrainingSettings settings(Path out) {
        if (microBatch > batch) {
            throw new IllegalArgumentException("--micro-batch " + microBatch + " is larger than --batch " + batch
                    + ": a micro-batch is a part of a batch; give at most " + batch);
        }
        try {
            return build(out);
        } catch (InvalidSettingException e) {
            throw new IllegalArgumentException(e.messageFor(OPTION_NAMES.getOrDefault(e.setting(), e.setting())), e);
        }
    }

    private TrainingSettings build(Path out) {
        TrainingSettings.Builder b = TrainingSettings.builder().setBatchSize(batch).optLearningRate(learningRate)
                .optWeightDecay(weightDecay).optWarmupFraction(warmup).optSeed(seed).optLogEvery(1);
        if (microBatch > 0) {
            b.optMicroBatchSize(microBatch);
        }
        if (maxSteps > 0) {
            b.optMaxSteps(maxSteps);
        } else {
            b.optEpochs(epochs);
        }
        if (patience > 0) {
            b.optEarlyStopping(patience, 0);
        }
        long every = checkpointEvery > 0 ? checkpointEvery : Long.MAX_VALUE / 4;
        b.optCheckpoints(checkpointDir(out), every);
        return b.build();
    }
}
