package org.tagllm.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tagllm.knime.engine.config.ModelConfig;
import org.tagllm.knime.engine.io.StagedDirectory;
import org.tagllm.knime.engine.safetensors.DType;
import org.tagllm.knime.engine.synthetic.ModelFamily;
import org.tagllm.knime.engine.synthetic.RandomModelFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tagllm make-model}: a model folder of a real family's architecture with seeded random weights. */
@Command(name = "make-model", mixinStandardHelpOptions = true,
        description = {"Write a Hugging Face model folder with the real config.json values of a known model "
                + "(hidden size, layers, heads, kv heads, intermediate size, vocabulary, rope theta and scaling, tied "
                + "or untied head, sliding window, q/k/v biases) and seeded random weights, sharded with "
                + "model.safetensors.index.json, plus the demo's byte-level tokenizer.json.",
            "For sizing and benchmarks only: the weights are untrained. Values are streamed to disk chunk by chunk."})
final class MakeModelCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--like", required = true, paramLabel = "CONFIG", converter = FamilyConverter.class,
            description = "One of: qwen2.5-0.5b, qwen2.5-1.5b, llama-3.2-1b, llama-3.2-3b, mistral-7b, llama-3-8b.")
    ModelFamily family;

    @Option(names = "--dtype", defaultValue = "bf16", paramLabel = "TYPE", converter = DTypeConverter.class,
            description = "Element type on disk: bf16, fp16 or fp32 (default: ${DEFAULT-VALUE}).")
    DType dtype;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder: absent or empty.")
    Path out;

    @Option(names = "--layers", paramLabel = "N", description = "Fewer decoder layers than the original (tests, quick runs).")
    Integer layers;

    @Option(names = "--vocab", paramLabel = "N", description = "A smaller vocabulary than the original (tests; at least the tokenizer's 354).")
    Integer vocab;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--shard-size", defaultValue = "5000000000", paramLabel = "BYTES",
            description = "Largest shard file (default: ${DEFAULT-VALUE}, Hugging Face's).")
    long shardBytes;

    @Override
    public Integer call() throws Exception {
        if (Files.exists(out) && !(Files.isDirectory(out) && StagedDirectory.isEmpty(out))) {
            throw new IllegalArgumentException("--out " + out + ": exists and is not an empty folder; "
                    + "make-model never overwrites");
        }
        ModelConfig.Builder b = family.config().toBuilder();
        if (layers != null) {
            if (layers < 1 || layers > family.config().numLayers()) {
                throw new IllegalArgumentException("--layers " + layers + ": must lie in 1.."
                        + family.config().numLayers() + " for " + family.id());
            }
            b.setNumLayers(layers);
        }
        if (vocab != null) {
            if (vocab < 354 || vocab > family.config().vocabSize()) {
                throw new IllegalArgumentException("--vocab " + vocab + ": must lie in 354.."
                        + family.config().vocabSize() + " (the tokenizer has 354 tokens)");
            }
            b.setVocabSize(vocab).optBosTokenId(1).optEosTokenIds(List.of(2));
        }
        if (shardBytes < 1) {
            throw new IllegalArgumentException("--shard-size " + shardBytes + ": must be positive");
        }
        ModelConfig config = b.build();
        PrintWriter err = spec.commandLine().getErr();
        err.printf(Locale.ROOT, "make-model: %s, %,d parameters, %s, %.2f GB on disk ...%n", family.id(),
                config.parameterCount(), dtype.name().toLowerCase(Locale.ROOT),
                config.parameterCount() * (double) dtype.bytes() / 1e9);
        err.flush();
        long start = System.nanoTime();
        List<Path> files = RandomModelFolder.write(config, family.extraConfig(), dtype, seed, shardBytes, out);
        err.printf(Locale.ROOT, "make-model: wrote %s (%d weight files) in %.1f s%n", out,
                files.stream().filter(f -> f.toString().endsWith(".safetensors")).count(),
                (System.nanoTime() - start) / 1e9);
        return ExitCodes.OK;
    }

    /** {@code --like}: a known configuration by its name. */
    static final class FamilyConverter implements ITypeConverter<ModelFamily> {
        @Override
        public ModelFamily convert(String value) {
            return ModelFamily.byId(value);
        }
    }

    /** {@code --dtype}: bf16, fp16 or fp32. */
    static final class DTypeConverter implements ITypeConverter<DType> {
        @Override
        public DType convert(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "bf16", "bfloat16" -> DType.BF16;
                case "fp16", "f16", "float16" -> DType.F16;
                case "fp32", "f32", "float32" -> DType.F32;
                default -> throw new IllegalArgumentException("'" + value + "' is not a dtype; use bf16, fp16 or fp32");
            };
        }
    }
}
