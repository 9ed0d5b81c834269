package org.tagllm.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tagllm.knime.engine.llama2c.Llama2cImporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tagllm import-llama2c}: a llama2.c checkpoint and tokenizer into a Hugging Face-layout folder. */
@Command(name = "import-llama2c", mixinStandardHelpOptions = true,
        description = {"Convert a llama2.c checkpoint (legacy format) and its tokenizer.bin into a Hugging Face-layout "
                + "folder: config.json, model.safetensors (HF tensor names, q/k rows permuted to HF's rotary layout) "
                + "and an equivalent tokenizer.json with byte fallback.",
            "The folder is written beside its final place and renamed into it, so a failed import leaves nothing."})
final class ImportLlama2cCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--checkpoint", required = true, paramLabel = "FILE", description = "llama2.c model, e.g. stories260K.bin.")
    Path checkpoint;

    @Option(names = "--tokenizer", required = true, paramLabel = "FILE", description = "llama2.c tokenizer, e.g. tok512.bin.")
    Path tokenizer;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Output folder: absent, empty, or an earlier import (replaced).")
    Path out;

    @Override
    public Integer call() throws Exception {
        Llama2cImporter.importModel(checkpoint, tokenizer, out);
        spec.commandLine().getErr().println("imported " + checkpoint + " to " + out);
        return ExitCodes.OK;
    }
}
