package org.tagllm.knime.engine.train;

/**
 * The training defaults of the command line's training commands and of the KNIME training nodes, kept here once for
 * both: one epoch, batches of 16, a peak learning rate of 1e-3 (the paper's 1e-4 is too small for tiny models) and
 * the builder's warm-up share. A library caller of {@link TrainingSettings#builder()} gets the builder's own defaults.
 */
public final class TrainingDefaults {

    /** Passes over the training data unless a step budget is given. */
    public static final int EPOCHS = 1;
    /** Examples per optimizer step. */
    public static final int BATCH_SIZE = 16;
    /** Peak learning rate of AdamW. */
    public static final double LEARNING_RATE = 1e-3;
    /** Share of the steps with linear warm-up. */
    public static final double WARMUP_FRACTION = TrainingSettings.DEFAULT_WARMUP_FRACTION;

    private TrainingDefaults() {}
}
