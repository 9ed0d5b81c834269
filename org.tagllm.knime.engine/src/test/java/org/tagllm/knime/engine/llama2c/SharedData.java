package org.tagllm.knime.engine.llama2c;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The project's shared real data (never copied into the repository); tests skip when it is absent. */
final class SharedData {

    private SharedData() {}

    /** Surefire passes {@code tagllm.shared.data}; in an IDE, {@code ../shared/data} beside the project root. */
    static Path root() {
        String property = System.getProperty("tagllm.shared.data");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        Path module = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        return module.getParent().resolve("../shared/data").normalize();
    }

    /** A file under the shared data folder; skips the calling test when it is missing. */
    static Path require(String relative) {
        Path file = root().resolve(relative);
        assumeTrue(Files.isRegularFile(file), "shared data file " + file
                + " is absent; set -Dtagllm.shared.data to the shared data folder to run this test");
        return file;
    }

    static Path stories260K() {
        return require("models/stories260K/stories260K.bin");
    }

    static Path tok512() {
        return require("models/stories260K/tok512.bin");
    }
}
