package org.tagllm.knime.engine.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12, item 7: a failed write names the file the user asked for, never the hidden sibling or nothing at all. */
class AtomicFilesTest {

    @TempDir
    Path tmp;

    @Test
    void aFolderAsTargetIsNamed() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("out.csv"));
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeString(folder, "x"));
        assertEquals(folder + " is a folder; give the name of a file to write", e.getMessage());
        assertEquals(0, count(tmp.resolve("out.csv")), "nothing left inside the folder");
    }

    /** A real full disk: a 64 KiB tmpfs (needs root, as the project's machines run; skipped elsewhere). */
    @Test
    void aFullDiskNamesTheFile() throws Exception {
        Path disk = Files.createDirectories(tmp.resolve("small-disk"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", disk.toString()),
                "skipped: cannot mount a small tmpfs here (not root?)");
        try {
            Path target = disk.resolve("predictions.csv");
            IOException e = assertThrows(IOException.class,
                    () -> AtomicFiles.write(target, out -> out.write(new byte[1 << 20])));
            assertEquals("cannot write " + target + ": No space left on device", e.getMessage());
            assertEquals(0, count(disk), "the partial hidden file is removed");
            assertFalse(Files.exists(target));
        } finally {
            run("umount", disk.toString());
        }
    }

    private static long count(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    private static boolean run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
}
