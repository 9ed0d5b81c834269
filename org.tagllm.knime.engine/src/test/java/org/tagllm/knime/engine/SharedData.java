package org.tagllm.knime.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The project's shared real data, read in place and never copied into the repository; tests that need it skip where
 * it is absent. The one helper for every test package.
 */
public final class SharedData {

    private SharedData() {}

    /** Surefire passes {@code tagllm.shared.data}; in an IDE, {@code ../shared/data} beside the project root. */
    public static Path root() {
        String property = System.getProperty("tagllm.shared.data");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        Path module = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        return module.getParent().resolve("../shared/data").normalize();
    }

    /** A file under the shared data folder; skips the calling test when it is missing. */
    public static Path require(String relative) {
        String absent = absent(relative);
        assumeTrue(absent == null, absent);
        return root().resolve(relative);
    }

    /**
     * Why a file under the shared data folder cannot be used, or null when it is there. For {@code @BeforeAll}: an
     * assumption failing there is reported as 0 tests run and 0 skipped, so such a class assumes in each test.
     */
    public static String absent(String relative) {
        Path file = root().resolve(relative);
        return Files.isRegularFile(file) ? null : "shared data file " + file
                + " is absent; set -Dtagllm.shared.data to the shared data folder to run this test";
    }

    /** The llama2.c stories260K checkpoint; skips the calling test when it is missing. */
    public static Path stories260K() {
        return require("models/stories260K/stories260K.bin");
    }

    /** The llama2.c tokenizer of stories260K (512 pieces); skips the calling test when it is missing. */
    public static Path tok512() {
        return require("models/stories260K/tok512.bin");
    }

    /**
     * One column of a shared CSV file, split on commas. Valid only because these files quote nothing (SMILES have no
     * commas); each line is checked, so a file that starts quoting fails here instead of being misread.
     */
    public static List<String> column(Path csv, String name) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        List<String> header = Arrays.asList(lines.get(0).split(",", -1));
        int index = header.indexOf(name);
        assertFalse(index < 0, csv + " has no column " + name + ": " + header);
        List<String> values = new ArrayList<>(lines.size() - 1);
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            assertFalse(line.indexOf('"') >= 0, csv + " line " + (i + 1) + " is quoted; use Commons CSV");
            String[] fields = line.split(",", -1);
            assertEquals(header.size(), fields.length, csv + " line " + (i + 1) + " field count");
            values.add(fields[index]);
        }
        return values;
    }
}
