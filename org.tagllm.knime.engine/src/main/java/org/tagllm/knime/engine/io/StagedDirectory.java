package org.tagllm.knime.engine.io;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;

/**
 * A hidden sibling folder that output is written into and then renamed to its final name, so that a failure leaves
 * either the old folder or the new one, never a half-written one. Close it without {@link #commit()} to discard.
 */
public final class StagedDirectory implements AutoCloseable {

    private final Path target;
    private final Path staging;
    private boolean committed;

    private StagedDirectory(Path target, Path staging) {
        this.target = target;
        this.staging = staging;
    }

    /** Creates the staging folder beside {@code target} (same file system, so the final rename is atomic). */
    public static StagedDirectory beside(Path target) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        if (parent == null) {
            throw new IOException(target + ": cannot write into a file system root");
        }
        Files.createDirectories(parent);
        return new StagedDirectory(absolute, Files.createDirectory(sibling(absolute, ".tmp-")));
    }

    // Not Files.createTempDirectory: its owner-only permissions would end up on the final folder.
    private static Path sibling(Path target, String kind) {
        return target.resolveSibling("." + target.getFileName() + kind + UUID.randomUUID());
    }

    /** Where to write. */
    public Path dir() {
        return staging;
    }

    /**
     * Puts the staged folder in place of {@code target}. An existing target is first renamed aside and deleted only
     * once the new folder is in place; if that fails, it is renamed back.
     */
    public void commit() throws IOException {
        if (!Files.exists(target)) {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } else {
            Path old = sibling(target, ".old-");
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                try {
                    Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException restore) {
                    e.addSuppressed(restore);
                }
                throw e;
            }
            deleteRecursively(old);
        }
        committed = true;
    }

    @Override
    public void close() throws IOException {
        if (!committed) {
            deleteRecursively(staging);
        }
    }

    /** True when {@code dir} has no entries. */
    public static boolean isEmpty(Path dir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
