package org.tagllm.cli;

import ai.djl.Device;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.memory.MemoryEstimate;
import org.tagllm.knime.engine.memory.ModelTooLargeException;
import org.tagllm.knime.engine.memory.Workload;
import org.tagllm.knime.engine.model.WeightPrecision;
import org.tagllm.knime.engine.runtime.DjlRuntime;
import org.tagllm.knime.engine.service.DeviceMemory;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --model DIR} with {@code --threads}, {@code --device} and {@code --weights}: the base model, required by every
 * command that runs it (a picocli mixin), loaded through {@link #open} after a memory estimate.
 */
final class ModelOption {

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "Base model: a local Hugging Face folder (config.json, safetensors, tokenizer.json).")
    Path dir;

    @Option(names = "--threads", paramLabel = "N", description = LibtorchThreads.DESCRIPTION,
            converter = LibtorchThreads.Count.class)
    Integer threads;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "cpu", description = DeviceNames.DESCRIPTION)
    String device;

    @Option(names = "--weights", paramLabel = "HOW", defaultValue = "auto", converter = WeightsConverter.class,
            description = "How bf16/fp16 weights live in memory: stored (2 bytes per parameter, widened one layer at a "
                    + "time), fp32 (widened once at load: faster, twice the memory) or auto: fp32 when it fits, else "
                    + "stored (default: ${DEFAULT-VALUE}).")
    WeightChoice weights;

    /** {@code --weights}: null means auto. */
    enum WeightChoice { AUTO, STORED, FP32 }

    /**
     * Estimates the memory the model needs for {@code workload} before loading it, refuses with the numbers and the
     * remedies when it cannot fit (exit 1, never an out-of-memory kill), then loads it on {@code --device}.
     */
    LocalModel open(Workload workload, PrintWriter err) throws IOException, ModelFormatException,
            ModelTooLargeException {
        return open(dir, device, weights, workload, err);
    }

    /** {@link #open(Workload, PrintWriter)} for commands whose model option is their own. */
    static LocalModel open(Path dir, String device, WeightChoice weights, Workload workload, PrintWriter err)
            throws IOException, ModelFormatException, ModelTooLargeException {
        Device onto = DeviceNames.parse(device);
        String name = DeviceNames.name(onto);
        long available = DeviceMemory.system().availableBytes(name);
        MemoryEstimate wide = MemoryEstimate.of(dir, WeightPrecision.FLOAT32, workload);
        MemoryEstimate kept = MemoryEstimate.of(dir, WeightPrecision.STORED, workload);
        MemoryEstimate chosen = switch (weights) {
            case FP32 -> wide;
            case STORED -> kept;
            // Stored precision only where it saves memory (16-bit files) and is needed.
            case AUTO -> available == DeviceMemory.UNKNOWN || wide.fits(available)
                    || kept.totalBytes() >= wide.totalBytes() ? wide : kept;
        };
        if (available != DeviceMemory.UNKNOWN) {
            String warning = chosen.check(name, available, kept.weightBytes() < wide.weightBytes() ? kept : null);
            if (warning != null) {
                err.println("model: " + warning);
            }
        }
        if (chosen.precision() == WeightPrecision.STORED && kept.weightBytes() < wide.weightBytes()) {
            err.println("model: weights kept as stored (" + chosen.describe() + "; " + name + " has "
                    + (available == DeviceMemory.UNKNOWN ? "unknown memory" : MemoryEstimate.format(available))
                    + " available)");
        }
        return LocalModel.open(dir, onto, chosen.precision());
    }

    /** Case-insensitive {@code auto|stored|fp32}. */
    static final class WeightsConverter implements CommandLine.ITypeConverter<WeightChoice> {
        @Override
        public WeightChoice convert(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "auto" -> WeightChoice.AUTO;
                case "stored" -> WeightChoice.STORED;
                case "fp32", "float32" -> WeightChoice.FP32;
                default -> throw new IllegalArgumentException("'" + value + "' is not a weights choice; use auto, "
                        + "stored or fp32");
            };
        }
    }

    /** libtorch's threads for this model (see {@link LibtorchThreads}); null when unchanged. Closing restores. */
    DjlRuntime.IntraOpThreads threads() throws IOException, ModelFormatException {
        return LibtorchThreads.forModel(threads, dir);
    }
}
