package org.tagllm.knime.engine.train;

import java.util.function.BooleanSupplier;

/**
 * A flag another thread sets to stop a training run. The {@link Trainer} reads it before every optimizer step and
 * every micro-batch, so it stops within one optimizer step. Any {@link BooleanSupplier} works as well (e.g. one that
 * asks a KNIME execution context).
 */
public final class CancellationToken implements BooleanSupplier {

    private volatile boolean cancelled;

    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public boolean getAsBoolean() {
        return cancelled;
    }
}
