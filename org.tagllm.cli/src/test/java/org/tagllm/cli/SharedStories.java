package org.tagllm.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real stories260K files in the shared data beside the project; tests that need them skip where absent. */
final class SharedStories {

    private SharedStories() {}

    static Path folder() {
        String absent = absent();
        assumeTrue(absent == null, absent);
        return dir();
    }

    /**
     * Why stories260K cannot be used, or null when it is there. For {@code @BeforeAll}: an assumption failing there
     * is reported as 0 tests run and 0 skipped, so such a class assumes in each test.
     */
    static String absent() {
        Path dir = dir();
        return Files.isRegularFile(dir.resolve("stories260K.bin")) && Files.isRegularFile(dir.resolve("tok512.bin"))
                ? null : "skipped: the shared data with models/stories260K (stories260K.bin, tok512.bin) is not at "
                        + dir + " (set -Dtagllm.shared.data)";
    }

    private static Path dir() {
        return Path.of(System.getProperty("tagllm.shared.data", "../../shared/data")).resolve("models/stories260K");
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
