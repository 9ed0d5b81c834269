package org.tagllm.knime.engine.train;

import java.util.OptionalDouble;

/**
 * A progress report of a training run.
 *
 * @param fraction          optimizer steps done over steps planned, in [0, 1]
 * @param message           one line for a progress bar, e.g. {@code "epoch 2/3, step 40/96, loss 0.4132"}
 * @param step              optimizer steps done
 * @param totalSteps        optimizer steps planned
 * @param epoch             the current epoch, counted from 1
 * @param loss              mean training loss of the latest optimizer step
 * @param examplesPerSecond training examples per second of wall time since this run (or resume) started
 * @param validation        the validation score, in the report made right after an evaluation
 * @param epochs            epochs planned, or 0 when a step budget alone ends the run
 * @param scoreNames        what the loss and the validation score are, with their units
 */
public record TrainingProgress(double fraction, String message, long step, long totalSteps, int epoch, double loss,
        double examplesPerSecond, OptionalDouble validation, int epochs, ScoreNames scoreNames) {}
