package org.tagllm.knime.engine.io;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Checks, before any work starts, that an output can be written where it is asked for: a long run must not end by
 * failing to save. Nothing is created: a missing parent is fine when it can be made (the writers make it), so the
 * nearest existing ancestor must be a folder that accepts new entries, which is tried with a probe file (the only
 * test that also holds for root on a read-only mount).
 */
public final class OutputPreflight {

    private OutputPreflight() {}

    /** An output file written by {@link AtomicFiles}: not a folder, and its folder writable. */
    public static void file(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(file + " is a folder; give the name of a file to write"); // as AtomicFiles says
        }
        parentAccepts(file);
    }

    /** An output folder written by {@link StagedDirectory}: not a file, and its parent writable. */
    public static void folder(Path dir) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new FileSystemException(dir.toString(), null, "this is a file; a folder goes there");
        }
        parentAccepts(dir);
    }

    /** Both writers put a sibling beside the target and rename it, so the target's parent must take new entries. */
    private static void parentAccepts(Path target) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        if (parent == null) {
            throw new FileSystemException(target.toString(), null, "cannot write into a file system root");
        }
        Path existing = parent;
        while (!Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (!Files.isDirectory(existing)) {
            throw new FileSystemException(target.toString(), null, "cannot be created: " + existing
                    + " is a file, not a folder");
        }
        Path probe = existing.resolve(".tagllm-probe-" + UUID.randomUUID());
        try {
            Files.createFile(probe);
        } catch (IOException e) {
            throw new FileSystemException(target.toString(), null, "cannot be written: " + existing
                    + " does not accept new files (" + reason(e) + ")");
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    private static String reason(IOException e) {
        String m = e instanceof FileSystemException f ? f.getReason() : e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
