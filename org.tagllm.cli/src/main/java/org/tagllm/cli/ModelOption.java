package org.tagllm.cli;

import ai.djl.Device;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.memory.MemoryEstimate;
import org.tagllm.knime.engine.memory.MemoryPlan;
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

    @Option(names = "--recompute", paramLabel = "WHEN", defaultValue = "auto", converter = RecomputeConverter.class,
            description = "Training only: recompute each layer during backward instead of keeping every layer's "
                    + "activations and float32 weights (one layer's at a time; about one more forward pass per step): "
                    + "on, off, or auto: on when training without it would not fit the memory available "
                    + "(default: ${DEFAULT-VALUE}).")
    RecomputeChoice recompute = RecomputeChoice.AUTO;

    /** {@code --weights}: null means auto. */
    enum WeightChoice { AUTO, STORED, FP32 }

    /** {@code --recompute}. */
    enum RecomputeChoice { AUTO, ON, OFF }

    /**
     * Estimates the memory the model needs for {@code workload} before loading it, refuses with the numbers and the
     * remedies when it cannot fit (exit 1, never an out-of-memory kill), then loads it on {@code --device}.
     */
    LocalModel open(Workload workload, PrintWriter err) throws IOException, ModelFormatException,
            ModelTooLargeException {
        return open(dir, device, weights, recompute, workload, err);
    }

    /** {@link #open(Workload, PrintWriter)} for commands whose model option is their own. */
    static LocalModel open(Path dir, String device, WeightChoice weights, Workload workload, PrintWriter err)
            throws IOException, ModelFormatException, ModelTooLargeException {
        return open(dir, device, weights, RecomputeChoice.AUTO, workload, err);
    }

    /**
     * Picks how the weights live and whether training recomputes blocks in backward: the first of float32 plain,
     * float32 recomputing, stored plain, stored recomputing (as the options allow; stored only where the files are
     * 16-bit) whose estimate fits, else the most frugal one, which then warns or refuses with the numbers.
     */
    static LocalModel open(Path dir, String device, WeightChoice weights, RecomputeChoice recompute,
            Workload workload, PrintWriter err) throws IOException, ModelFormatException, ModelTooLargeException {
        Device onto = DeviceNames.parse(device);
        String name = DeviceNames.name(onto);
        long available = DeviceMemory.system().availableBytes(name);
        boolean unknown = available == DeviceMemory.UNKNOWN;
        List<WeightPrecision> precisions = switch (weights) {
            case FP32 -> List.of(WeightPrecision.FLOAT32);
            case STORED -> List.of(WeightPrecision.STORED);
            case AUTO -> List.of(WeightPrecision.FLOAT32, WeightPrecision.STORED);
        };
        List<Boolean> recomputing = switch (recompute) {
            case ON -> List.of(true);
            case OFF -> List.of(false);
            case AUTO -> List.of(false, true);
        };
        MemoryEstimate chosen = MemoryPlan.choose(MemoryPlan.candidates(dir, precisions, recomputing, workload),
                available);
        boolean halfFiles = MemoryEstimate.of(dir, WeightPrecision.STORED, workload).weightBytes()
                < MemoryEstimate.of(dir, WeightPrecision.FLOAT32, workload).weightBytes();
        if (!unknown) {
            MemoryEstimate kept = MemoryEstimate.of(dir, WeightPrecision.STORED, chosen.workload());
            String warning = chosen.check(name, available, halfFiles ? kept : null);
            if (warning != null) {
                err.println("model: " + warning);
            }
        }
        String memory = unknown ? "unknown memory" : MemoryEstimate.format(available);
        if (chosen.precision() == WeightPrecision.STORED && halfFiles) {
            err.println("model: weights kept as stored (" + chosen.describe() + "; " + name + " has " + memory
                    + " available)");
        } else if (chosen.workload().recompute() && recompute == RecomputeChoice.AUTO) {
            err.println("model: recomputing blocks in backward (" + chosen.describe() + "; " + name + " has "
                    + memory + " available)");
        }
        LocalModel model = LocalModel.open(dir, onto, chosen.precision());
        model.decoder().recomputeInBackward(chosen.workload().recompute());
        return model;
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

    /** Case-insensitive {@code auto|on|off}. */
    static final class RecomputeConverter implements CommandLine.ITypeConverter<RecomputeChoice> {
        @Override
        public RecomputeChoice convert(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "auto" -> RecomputeChoice.AUTO;
                case "on" -> RecomputeChoice.ON;
                case "off" -> RecomputeChoice.OFF;
                default -> throw new IllegalArgumentException("'" + value + "' is not a recompute choice; use auto, "
                        + "on or off");
            };
        }
    }

    /** libtorch's threads for this model (see {@link LibtorchThreads}); null when unchanged. Closing restores. */
    DjlRuntime.IntraOpThreads threads() throws IOException, ModelFormatException {
        return LibtorchThreads.forModel(threads, dir);
    }
}
