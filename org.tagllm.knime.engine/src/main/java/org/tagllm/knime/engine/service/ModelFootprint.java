package org.tagllm.knime.engine.service;

import java.io.IOException;
import java.nio.file.Path;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.memory.MemoryEstimate;
import org.tagllm.knime.engine.memory.MemoryPlan;
import org.tagllm.knime.engine.memory.Workload;

/**
 * What a model folder will occupy once loaded by the engine service, read from its safetensors headers without
 * reading any weight: the command line's {@link MemoryEstimate} (weights at the precision they will live in, plus the
 * working set) for {@link #WORKLOAD}, in the way {@link MemoryPlan} chooses for the room there is.
 *
 * @param parameters the weights' element count
 * @param bytes      the estimate's total (the cache counts the runtime allowance in it once per device, not per model)
 * @param estimate   how the model will be loaded (precision, recomputation) and why it takes {@code bytes}
 */
public record ModelFootprint(long parameters, long bytes, MemoryEstimate estimate) {

    /**
     * What a cached model is reserved for: training at the jobs' default batch (16) over 256 positions (typical of
     * SMILES and proteins); prediction takes less.
     */
    public static final Workload WORKLOAD = Workload.training(16, 256);

    /** The footprint when the room is not known: float32 weights, plain backward. */
    public static ModelFootprint of(Path dir) throws IOException, ModelFormatException {
        return of(dir, -1);
    }

    /** The footprint of the first way to load that fits in {@code roomBytes} (negative: unknown), else the most frugal. */
    public static ModelFootprint of(Path dir, long roomBytes) throws IOException, ModelFormatException {
        MemoryEstimate e = MemoryPlan.choose(MemoryPlan.candidates(dir, WORKLOAD), roomBytes);
        long parameters = MemoryEstimate.parameters(dir);
        return new ModelFootprint(parameters, e.totalBytes(), e);
    }
}
