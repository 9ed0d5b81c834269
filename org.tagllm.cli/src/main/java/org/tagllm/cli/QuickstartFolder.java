package org.tagllm.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.tagllm.knime.engine.io.AtomicFiles;
import org.tagllm.knime.engine.io.StagedDirectory;

/**
 * The quickstart's output folder. Every file in it is written atomically (banks are staged and renamed into place), so
 * no file is ever half-written; the summary {@value #SUMMARY} is written last and removed first, so its presence marks
 * a complete run. A re-run replaces what an earlier one made; a folder with anything else in it is refused rather than
 * emptied, recognised by the marker file {@value #MARKER} the quickstart leaves.
 */
final class QuickstartFolder {

    static final String MARKER = ".tagllm-quickstart";
    static final String SUMMARY = "quickstart.json";
    /** What a run makes besides the marker and the summary; removed before a new run. */
    static final List<String> PARTS = List.of("data", "banks", "predictions");

    private QuickstartFolder() {}

    /** Makes {@code dir} ready for a run: created, or emptied of an earlier run's outputs; refused otherwise. */
    static void prepare(Path dir) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--out " + dir + " is a file, not a folder");
        }
        if (Files.isDirectory(dir) && !StagedDirectory.isEmpty(dir) && !Files.isRegularFile(dir.resolve(MARKER))) {
            throw new IllegalArgumentException("--out " + dir + " already holds files the quickstart did not make; "
                    + "it only replaces a folder of its own (with " + MARKER + "). Name a new or empty folder");
        }
        Files.createDirectories(dir);
        AtomicFiles.writeString(dir.resolve(MARKER), "Made by 'tagllm quickstart'; a re-run replaces this folder's "
                + String.join("/, ", PARTS) + "/ and " + SUMMARY + ".\n");
        Files.deleteIfExists(dir.resolve(SUMMARY));
        for (String part : PARTS) {
            deleteRecursively(dir.resolve(part));
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) { // does not follow links: a link is deleted, not its target
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
