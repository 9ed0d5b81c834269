package org.tagllm.knime.engine.memory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.config.ModelConfig;
import org.tagllm.knime.engine.model.ModelDirectory;
import org.tagllm.knime.engine.model.WeightPrecision;
import org.tagllm.knime.engine.safetensors.DType;
import org.tagllm.knime.engine.safetensors.WeightSource;

/**
 * An estimate, from the safetensors headers alone, of what a model folder takes once loaded for a {@link Workload}:
 * the weights at the precision they will live in, plus the working set. B = batch, T = tokens, d = hidden size,
 * I = intermediate size, H/K = query/kv heads, hd = head dim, L = layers, V = vocabulary; float32 = 4 bytes.
 *
 * <ul>
 *   <li>Weights: 4 bytes per parameter with {@link WeightPrecision#FLOAT32}; with {@link WeightPrecision#STORED},
 *       16-bit tensors at 2 (their mapped file pages) and float32 ones at 4.</li>
 *   <li>One block's activations: B·T·(6d + 2(H+2K)·hd + 4I) + 2·B·H·T² floats (inputs, norms, q/k/v and their rotated
 *       copies, attention scores and probabilities, the three MLP products). Prediction holds one block's at a time;
 *       training keeps every block's for backward (L times), plus one block's again for the backward pass.</li>
 *   <li>Stored precision widens one block's projections to float32 at a time; in training autograd keeps every
 *       block's widened projections until backward (measured: that is what binds memory), so all L count. The LM head
 *       is widened when logits are computed.</li>
 *   <li>Training that recomputes blocks in backward ({@link Workload#recompute}) keeps every block's input and the
 *       last block's output, (L+1)·B·T·d floats, and one block at a time: its activations and their gradients (two
 *       blocks' worth) and its widened projections.</li>
 *   <li>{@link #RUNTIME_BYTES} for the JVM, libtorch's libraries and allocator slack.</li>
 * </ul>
 *
 * <p>Weights kept as stored live in mapped file pages, which the kernel may drop and read again: when only they do not
 * fit, the model still runs (each pass re-reads them from disk: slow) and {@link #check} warns; when the rest does not
 * fit, it refuses.
 *
 * @param weightBytes  the weights as they will live in memory
 * @param mappedBytes  the part of weightBytes in mapped file pages (weights kept as stored)
 * @param workingBytes activations, widened weights and runtime for the workload
 * @param precision    the precision the weights live in
 * @param workload     what the estimate is for
 */
public record MemoryEstimate(long weightBytes, long mappedBytes, long workingBytes, WeightPrecision precision,
        Workload workload) {

    /** The JVM's heap in use, libtorch's code and allocator slack; measured ~0.6 GiB for a small model, rounded up. */
    public static final long RUNTIME_BYTES = 1L << 30;

    public long totalBytes() {
        return weightBytes + workingBytes;
    }

    /** The estimate for the folder's weights, read from its headers without reading any weight. */
    public static MemoryEstimate of(Path dir, WeightPrecision precision, Workload workload)
            throws IOException, ModelFormatException {
        try (ModelDirectory d = ModelDirectory.open(dir)) {
            WeightSource w = d.weights();
            long half = 0;
            long full = 0;
            for (String name : w.names()) {
                long n = w.info(name).elementCount();
                if (w.info(name).dtype() == DType.F32) {
                    full += n;
                } else {
                    half += n;
                }
            }
            return of(d.config(), half, full, precision, workload);
        }
    }

    /** The folder's parameter count, from its headers. */
    public static long parameters(Path dir) throws IOException, ModelFormatException {
        try (ModelDirectory d = ModelDirectory.open(dir)) {
            WeightSource w = d.weights();
            long n = 0;
            for (String name : w.names()) {
                n += w.info(name).elementCount();
            }
            return n;
        }
    }

    /**
     * @param halfParameters  parameters stored as F16/BF16
     * @param floatParameters parameters stored as F32
     */
    public static MemoryEstimate of(ModelConfig c, long halfParameters, long floatParameters,
            WeightPrecision precision, Workload workload) {
        boolean stored = precision == WeightPrecision.STORED;
        long weights = stored ? 2 * halfParameters + 4 * floatParameters : 4 * (halfParameters + floatParameters);
        long b = workload.batch();
        long t = workload.tokens();
        long heads = c.numHeads();
        long activations = 4 * (b * t * (6L * c.hiddenSize() + 2L * (heads + 2L * c.numKvHeads()) * c.headDim()
                + 4L * c.intermediateSize()) + 2 * b * heads * t * t);
        long embed = (long) c.vocabSize() * c.hiddenSize();
        long layerParameters = (c.parameterCount() - embed - (c.tieWordEmbeddings() ? 0 : embed) - c.hiddenSize())
                / c.numLayers();
        boolean halfOnDisk = halfParameters > 0;
        long widenedLayer = stored && halfOnDisk ? 4 * layerParameters : 0;
        long widenedHead = stored && halfOnDisk ? 4 * embed : 0;
        long savedInputs = 4 * (c.numLayers() + 1L) * b * t * c.hiddenSize();
        long working = workload.recompute() ? savedInputs + 2 * activations + widenedLayer + widenedHead
                : workload.training()
                ? (c.numLayers() + 1L) * activations + c.numLayers() * widenedLayer + widenedHead
                : activations + widenedLayer + widenedHead;
        return new MemoryEstimate(weights, stored ? 2 * halfParameters : 0, working + RUNTIME_BYTES, precision, workload);
    }

    /** Whether the estimate fits in {@code availableBytes}. */
    public boolean fits(long availableBytes) {
        return totalBytes() <= availableBytes;
    }

    /** What must be resident in memory: everything but the mapped weights. */
    public long requiredBytes() {
        return totalBytes() - mappedBytes;
    }

    /** "weights 13.5 GiB (bf16/fp16 kept as stored) + working set 2.4 GiB (prediction, batch 8 × 64 tokens)". */
    public String describe() {
        return "weights " + format(weightBytes) + (precision == WeightPrecision.STORED ? " (kept as stored)"
                : " (as float32)") + " + working set " + format(workingBytes) + " (" + workload + ")";
    }

    /**
     * Refuses when what must be resident exceeds what the device has, naming both and what would help; returns a
     * warning (null when all fits) when only the mapped weights do not fit.
     *
     * @param device         e.g. {@code cpu}
     * @param availableBytes what the device has available now
     * @param storedOption   the estimate with weights kept as stored, to name as a remedy; null when not applicable
     */
    public String check(String device, long availableBytes, MemoryEstimate storedOption)
            throws ModelTooLargeException {
        if (fits(availableBytes)) {
            return null;
        }
        if (requiredBytes() <= availableBytes) {
            return "the model needs an estimated " + format(totalBytes()) + " (" + describe() + ") and " + device
                    + " has " + format(availableBytes) + " available: it runs, but the kernel will read part of the "
                    + format(mappedBytes) + " of mapped weights from disk again on every pass (slow); close other "
                    + "programs or use a smaller model for speed";
        }
        List<String> remedies = new ArrayList<>();
        if (storedOption != null && precision != WeightPrecision.STORED && storedOption.totalBytes() < totalBytes()) {
            remedies.add("keep the half-precision weights as stored (--weights stored: " + format(
                    storedOption.totalBytes()) + ")");
        }
        if (workload.batch() > 1) {
            remedies.add("a smaller batch (now " + workload.batch() + ")");
        }
        remedies.add("shorter inputs (now " + workload.tokens() + " tokens)");
        if (precision == WeightPrecision.FLOAT32 && storedOption == null && mappedBytes == 0) {
            remedies.add("a checkpoint in bf16 or fp16 (2 bytes per parameter instead of 4)");
        }
        if (workload.training() && !workload.recompute()) {
            remedies.add("recomputing blocks in backward (--recompute on: one layer's float32 weights and "
                    + "activations at a time instead of all)");
        } else if (workload.training()) {
            remedies.add("a smaller model for training");
        }
        remedies.add("another device (--device cuda:N) or a machine with more memory");
        throw new ModelTooLargeException("the model needs an estimated " + format(totalBytes()) + ": "
                + describe() + ", but " + device + " has " + format(availableBytes) + " available; try "
                + String.join(", ", remedies));
    }

    /** Bytes in binary units with one decimal: "13.5 GiB". */
    public static String format(long bytes) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = 0;
        while (Math.abs(v) >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " bytes" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
