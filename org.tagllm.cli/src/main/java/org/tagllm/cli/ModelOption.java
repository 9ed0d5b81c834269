package org.tagllm.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.runtime.DjlRuntime;
import picocli.CommandLine.Option;

/** {@code --model DIR}: the base model folder, required by every command that runs the model (a picocli mixin). */
final class ModelOption {

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "Base model: a local Hugging Face folder (config.json, safetensors, tokenizer.json).")
    Path dir;

    @Option(names = "--threads", paramLabel = "N", description = LibtorchThreads.DESCRIPTION,
            converter = LibtorchThreads.Count.class)
    Integer threads;

    /** libtorch's threads for this model (see {@link LibtorchThreads}); null when unchanged. Closing restores. */
    DjlRuntime.IntraOpThreads threads() throws IOException, ModelFormatException {
        return LibtorchThreads.forModel(threads, dir);
    }
}
