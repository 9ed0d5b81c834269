package org.tagllm.spark;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project's shared real data (surefire passes {@code tagllm.shared.data}), read in place; tests that need it skip
 * with a message naming what is missing.
 */
final class SharedFiles {

    private SharedFiles() {}

    static Path root() {
        String property = System.getProperty("tagllm.shared.data");
        return property != null && !property.isBlank() ? Path.of(property)
                : Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent().resolve("../shared/data")
                        .normalize();
    }

    /** Why {@code relative} cannot be used, or null when it is there. */
    static String absent(String relative) {
        Path file = root().resolve(relative);
        return Files.isRegularFile(file) ? null : "skipped: shared data file " + file + " is absent; set "
                + "-Dtagllm.shared.data to the shared data folder to run this test";
    }

    /** A file of the shared data; skips the calling test when it is missing. */
    static Path require(String relative) {
        String absent = absent(relative);
        assumeTrue(absent == null, absent);
        return root().resolve(relative);
    }
}
