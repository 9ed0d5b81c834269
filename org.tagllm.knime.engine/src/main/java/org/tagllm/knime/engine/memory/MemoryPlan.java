package org.tagllm.knime.engine.memory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.model.WeightPrecision;

/**
 * How to load a model for a workload, decided from the estimates alone; the command line and the engine service
 * decide alike. Preference: float32 weights before weights kept as stored (no widening per pass), plain backward
 * before recomputing blocks (no second forward); the first way whose estimate fits is taken, else the most frugal
 * one, whose check then warns or refuses with the numbers.
 */
public final class MemoryPlan {

    private MemoryPlan() {}

    /**
     * The estimates of the allowed ways, in order of preference. Stored precision is left out where it saves nothing
     * (float32 files); recomputation where the workload does not train.
     */
    public static List<MemoryEstimate> candidates(Path dir, List<WeightPrecision> precisions,
            List<Boolean> recompute, Workload workload) throws IOException, ModelFormatException {
        boolean halfFiles = MemoryEstimate.of(dir, WeightPrecision.STORED, workload).weightBytes()
                < MemoryEstimate.of(dir, WeightPrecision.FLOAT32, workload).weightBytes();
        List<MemoryEstimate> out = new ArrayList<>();
        for (WeightPrecision p : precisions) {
            if (p == WeightPrecision.STORED && !halfFiles && precisions.size() > 1) {
                continue;
            }
            for (boolean r : workload.training() ? recompute : List.of(false)) {
                out.add(MemoryEstimate.of(dir, p, workload.withRecompute(r)));
            }
        }
        return out;
    }

    /** Every way: float32 or stored, plain or recomputing. */
    public static List<MemoryEstimate> candidates(Path dir, Workload workload) throws IOException,
            ModelFormatException {
        return candidates(dir, List.of(WeightPrecision.FLOAT32, WeightPrecision.STORED), List.of(false, true),
                workload);
    }

    /** The first candidate that fits in {@code availableBytes} (negative: unknown, the first), else the last. */
    public static MemoryEstimate choose(List<MemoryEstimate> candidates, long availableBytes) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no way to load the model was allowed");
        }
        for (MemoryEstimate e : candidates) {
            if (availableBytes < 0 || e.fits(availableBytes)) {
                return e;
            }
        }
        return candidates.get(candidates.size() - 1);
    }
}
