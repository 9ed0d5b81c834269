package org.tagllm.knime.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Splitting reads loaded tables, so {@code split} depends on {@code data} and never the other way round: a table is
 * read the same however it is then split, and the two packages form no cycle.
 */
class DataDoesNotImportSplitTest {

    private static final Path DATA = Path.of("src/main/java/org/tagllm/knime/engine/data");

    @Test
    void noSourceOfTheDataPackageNamesTheSplitPackage() throws IOException {
        assertTrue(Files.isDirectory(DATA), DATA.toAbsolutePath().toString());
        List<Path> offenders;
        try (Stream<Path> files = Files.walk(DATA)) {
            offenders = files.filter(f -> f.toString().endsWith(".java")).filter(f -> {
                try {
                    return Files.readString(f).contains("org.tagllm.knime.engine.split.");
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
        assertEquals(List.of(), offenders);
    }
}
