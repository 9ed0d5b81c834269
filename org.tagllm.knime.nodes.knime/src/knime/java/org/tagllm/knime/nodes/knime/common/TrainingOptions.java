package org.tagllm.knime.nodes.knime.common;

import org.knime.node.parameters.NodeParameters;
import org.knime.node.parameters.Widget;
import org.knime.node.parameters.migration.LoadDefaultsForAbsentFields;
import org.tagllm.knime.nodes.common.TrainingParameters;

/**
 * The dialog's group for {@link TrainingParameters}, shared by Domain Tag Pretrain and Tag Trainer. Defaults are the
 * record's ({@link TrainingParameters#defaults()}); checks happen in {@link TrainingParameters#validate()}.
 */
@LoadDefaultsForAbsentFields // a setting added later loads its default from older workflows
public final class TrainingOptions implements NodeParameters {

    private static final TrainingParameters D = TrainingParameters.defaults();

    @Widget(title = "Epochs", description = "Passes over the training data. Used when <i>Max steps</i> is 0.")
    int epochs = D.epochs();

    @Widget(title = "Max steps", description = "Optimizer steps at most; 0 bounds training by the epochs only.")
    long maxSteps = D.maxSteps();

    @Widget(title = "Batch size", description = "Examples per optimizer step.")
    int batchSize = D.batchSize();

    @Widget(title = "Micro-batch size", description = "Examples per forward pass; their gradients add up to one batch "
        + "(less memory for long inputs, the same result). 0: the whole batch at once.", advanced = true)
    int microBatchSize = D.microBatchSize();

    @Widget(title = "Learning rate", description = "Peak learning rate of AdamW (cosine schedule after warm-up).")
    double learningRate = D.learningRate();

    @Widget(title = "Warm-up fraction", description = "Share of the steps with a linear warm-up of the learning rate.",
        advanced = true)
    double warmupFraction = D.warmupFraction();

    @Widget(title = "Weight decay", description = "AdamW's decoupled weight decay.", advanced = true)
    double weightDecay = D.weightDecay();

    @Widget(title = "Seed", description = "Seed of shuffling, splits and tag initialisation; the same seed repeats a run.")
    long seed = D.seed();

    @Widget(title = "Patience", description = "Early stopping: epochs without validation improvement before training "
        + "stops; 0 turns early stopping off.", advanced = true)
    int patience = D.patience();

    @Widget(title = "Keep best epoch", description = "At the end, put back the tag (and head) of the epoch with the best "
        + "validation score.", advanced = true)
    boolean keepBestEpoch = D.keepBestEpoch();

    @Widget(title = "Checkpoint folder", description = "Where training writes checkpoints (tags, head, optimizer "
        + "state). When it holds a checkpoint of the same run, the node resumes from it: a cancelled or failed node "
        + "continues where it stopped when executed again, with the result of an uninterrupted run. Empty: no "
        + "checkpoints.", advanced = true)
    String checkpointFolder = D.checkpointFolder();

    @Widget(title = "Checkpoint every", description = "Optimizer steps between checkpoints; 0 writes one at the end "
        + "only.", advanced = true)
    long checkpointEvery = D.checkpointEvery();

    /** The KNIME-free record. */
    public TrainingParameters toRecord() {
        return TrainingParameters.builder().optEpochs(epochs).optMaxSteps(maxSteps).optBatchSize(batchSize)
            .optMicroBatchSize(microBatchSize).optLearningRate(learningRate).optWarmupFraction(warmupFraction)
            .optWeightDecay(weightDecay).optSeed(seed).optPatience(patience).optKeepBestEpoch(keepBestEpoch)
            .optCheckpointFolder(checkpointFolder).optCheckpointEvery(checkpointEvery).build();
    }
}
