package org.tagllm.knime.engine.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagedDirectoryTest {

    @TempDir
    Path tmp;

    @Test
    void closingWithoutCommitLeavesNothing() throws Exception {
        Path target = tmp.resolve("out");
        try (StagedDirectory stage = StagedDirectory.beside(target)) {
            Files.writeString(stage.dir().resolve("half-written"), "x");
            assertEquals(tmp, stage.dir().getParent());
        }
        assertFalse(Files.exists(target));
        assertEquals(Set.of(), names(tmp));
    }

    @Test
    void commitCreatesOrReplacesTheTarget() throws Exception {
        Path target = tmp.resolve("nested/out");
        try (StagedDirectory stage = StagedDirectory.beside(target)) {
            Files.writeString(stage.dir().resolve("a"), "1");
            stage.commit();
        }
        assertEquals(Set.of("a"), names(target));
        try (StagedDirectory stage = StagedDirectory.beside(target)) {
            Files.writeString(stage.dir().resolve("b"), "2");
            stage.commit();
        }
        assertEquals(Set.of("b"), names(target));
        assertEquals(Set.of("out"), names(tmp.resolve("nested")), "the replaced folder is deleted");
        assertTrue(StagedDirectory.isEmpty(Files.createDirectory(tmp.resolve("empty"))));
    }

    private static Set<String> names(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }
}
