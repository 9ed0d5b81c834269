package org.tagllm.knime.engine.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.tagllm.knime.engine.ModelFormatException;

/**
 * Recognises PyTorch checkpoint files that are (or may be) Python pickles, and explains why we refuse them. Only the
 * file names are looked at; such a file is never opened.
 */
final class PickleFiles {

    /** PyTorch's {@code torch.save} formats; {@code .bin} also covers {@code pytorch_model.bin}. */
    static final List<String> EXTENSIONS = List.of(".bin", ".pt", ".pth", ".ckpt");

    private PickleFiles() {}

    static boolean isPickle(Path file) {
        Path name = file.getFileName();
        if (name == null) {
            return false;
        }
        String lower = name.toString().toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(lower::endsWith);
    }

    /** The pickle files directly inside {@code dir}, sorted by name. */
    static List<Path> in(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> isPickle(p) && Files.isRegularFile(p)).sorted().collect(Collectors.toList());
        }
    }

    /** The refusal for {@code files}, found at {@code where} (the folder, or the file the user named). */
    static ModelFormatException refusal(Path where, List<Path> files) {
        String names = files.stream().map(p -> p.getFileName().toString()).collect(Collectors.joining(", "));
        return new ModelFormatException(where + ": refusing " + names + ": PyTorch checkpoints ("
                + String.join(", ", EXTENSIONS) + ") are Python pickle files, and loading a pickle can execute "
                + "arbitrary code, so Tag-LLM never opens them. Convert the model to safetensors first: with Hugging "
                + "Face's safetensors conversion tooling (the convert script / 'Convert to Safetensors' Space), or in "
                + "Python with model.save_pretrained(out_dir, safe_serialization=True). A llama2.c checkpoint "
                + "(a raw .bin from llama2.c's export) can be imported with 'tagllm import-llama2c'.");
    }
}
