package org.tagllm.knime.engine.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The project's shared real data, read in place and never copied; tests that need it skip where it is absent. */
final class SharedTables {

    private SharedTables() {}

    /** Surefire sets {@code tagllm.shared.data}; elsewhere {@code ../../shared/data} from the module folder. */
    static Path root() {
        String property = System.getProperty("tagllm.shared.data");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        return Path.of(System.getProperty("user.dir")).resolve("../../shared/data").normalize();
    }

    /** A file under the shared data folder; skips the calling test when it is missing. */
    static Path require(String relative) {
        Path file = root().resolve(relative);
        assumeTrue(Files.isRegularFile(file), "skipped: shared data file " + file
                + " is absent; set -Dtagllm.shared.data to the shared data folder to run this test");
        return file;
    }
}
