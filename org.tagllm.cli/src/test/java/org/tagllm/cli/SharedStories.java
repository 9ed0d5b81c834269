package org.tagllm.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real stories260K files in the shared data beside the project; tests that need them skip where absent. */
final class SharedStories {

    private SharedStories() {}

    static Path folder() {
        Path data = Path.of(System.getProperty("tagllm.shared.data", "../../shared/data"));
        Path dir = data.resolve("models/stories260K");
        assumeTrue(Files.isRegularFile(dir.resolve("stories260K.bin")) && Files.isRegularFile(dir.resolve("tok512.bin")),
                "skipped: the shared data with models/stories260K (stories260K.bin, tok512.bin) is not at " + dir
                        + " (set -Dtagllm.shared.data)");
        return dir;
    }

    /** Imports stories260K into {@code out} through the command line. */
    static Path importInto(Path out) {
        Path dir = folder();
        CliRun run = CliRun.of("import-llama2c", "--checkpoint", dir.resolve("stories260K.bin").toString(),
                "--tokenizer", dir.resolve("tok512.bin").toString(), "--out", out.toString());
        if (run.exitCode() != 0) {
            throw new AssertionError("import failed: " + run);
        }
        return out;
    }
}
