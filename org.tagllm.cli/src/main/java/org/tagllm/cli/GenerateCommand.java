package org.tagllm.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tagllm.knime.engine.generate.GenerationSettings;
import org.tagllm.knime.engine.generate.Sampler;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.memory.Workload;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tagllm generate}: text from a prompt; only the text (prompt included) goes to standard output. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Generate text from a prompt with a local model. Prints only the text, prompt included.",
            "Without --model, uses the embedded demo model: a tiny LLaMA with random (untrained) weights that the "
                    + "project makes itself, so its text is gibberish; it shows the path works. A real model gives "
                    + "real text (e.g. stories260K after import-llama2c)."})
final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR", description = "Model folder (default: the embedded demo model).")
    Path model;

    @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "Text to continue.")
    String prompt;

    @ArgGroup(exclusive = true)
    Length length = new Length();

    static final class Length {
        @Option(names = "--max-tokens", paramLabel = "N", description = "New tokens at most (default: ${DEFAULT-VALUE}).",
                defaultValue = "64")
        int maxTokens = 64;

        @Option(names = "--steps", paramLabel = "N",
                description = "llama2.c's count instead: tokens after BOS, prompt included (run.c's -n).")
        Integer steps;
    }

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "0",
            description = "Sampling temperature; 0 = greedy (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--top-p", paramLabel = "P", defaultValue = "1.0",
            description = "Nucleus sampling: sample from the smallest set of tokens whose probability reaches P "
                    + "(default: ${DEFAULT-VALUE}).")
    double topP;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Random seed for sampling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "N", description = LibtorchThreads.DESCRIPTION)
    Integer threads;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "cpu", description = DeviceNames.DESCRIPTION)
    String device;

    @Option(names = "--weights", paramLabel = "HOW", defaultValue = "auto", converter = ModelOption.WeightsConverter.class,
            description = "auto, stored or fp32: as for the other model commands (default: ${DEFAULT-VALUE}).")
    ModelOption.WeightChoice weights;

    @Override
    public Integer call() throws Exception {
        if (length.steps == null && length.maxTokens < 0) {
            throw new IllegalArgumentException("--max-tokens " + length.maxTokens + ": give 0 or more new tokens");
        }
        Path dir = model != null ? model : Defaults.demoModel(spec.commandLine().getErr());
        // The model first: opening it checks the folder (a pickle is refused before its config is read).
        // One sequence of at most the prompt's characters (one token each at most, byte fallback aside) plus the new tokens.
        Workload workload = Workload.prediction(1, Math.max(1, prompt.length() + 2 + Math.max(0,
                length.steps == null ? length.maxTokens : length.steps)));
        try (LocalModel lm = ModelOption.open(dir, device, weights, workload, spec.commandLine().getErr());
                var intraOp = LibtorchThreads.forWidth(threads, lm.config().hiddenSize())) {
            long[] promptIds = lm.tokenizer().encode(prompt);
            int newTokens = length.steps == null ? length.maxTokens
                    : length.steps + (lm.tokenizer().bosId().isPresent() ? 1 : 0) - promptIds.length;
            if (newTokens < 0) {
                throw new IllegalArgumentException("--steps " + length.steps + " is shorter than the prompt ("
                        + promptIds.length + " tokens)");
            }
            GenerationSettings settings = GenerationSettings.greedy(newTokens)
                    .withSampler(new Sampler(temperature, topP), seed)
                    .withStopIds(lm.tokenizer().eosIds());
            spec.commandLine().getOut().println(lm.generate(prompt, settings));
        }
        return ExitCodes.OK;
    }
}
