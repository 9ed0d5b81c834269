package org.tagllm.knime.engine.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Claims within one process (a second node or thread); other processes are tried by the command line's tests. */
class OutputLockTest {

    @TempDir
    Path tmp;

    @Test
    void aSecondClaimInThisProcessIsRefusedNamingTheFirst() throws Exception {
        Path out = tmp.resolve("a.bank");
        try (OutputLock first = OutputLock.acquire(out, "node A")) {
            FileSystemException e = assertThrows(FileSystemException.class, () -> OutputLock.acquire(out, "node B"));
            assertTrue(e.getMessage().startsWith(out + ": another run is writing it (pid "
                    + ProcessHandle.current().pid() + ", node A, started "), e.getMessage());
            assertThrows(FileSystemException.class, () -> OutputLock.acquire(out, "node C"), "still held");
        }
        assertFalse(Files.exists(OutputLock.fileOf(out)), "the lock file goes on release");
        try (OutputLock again = OutputLock.acquire(out, "node B")) {
            assertTrue(Files.isRegularFile(OutputLock.fileOf(out)));
        }
    }

    @Test
    void aLockFileNobodyHoldsBlocksNothing() throws Exception {
        Path out = tmp.resolve("b.bank");
        Files.writeString(OutputLock.fileOf(out), "pid 999999, tagllm train, started 2020-01-01T00:00:00Z\n");
        // Read nothing while holding it: closing any descriptor of the file would drop this process's lock.
        try (OutputLock lock = OutputLock.acquire(out, "tagllm train")) {
            assertThrows(FileSystemException.class, () -> OutputLock.acquire(out, "tagllm train"));
        }
        assertFalse(Files.exists(OutputLock.fileOf(out)));
    }

    @Test
    void theLockFileIsAHiddenSiblingAndParentsAreMade() throws Exception {
        Path out = tmp.resolve("x/y/c.bank");
        assertEquals(tmp.resolve("x/y/.c.bank.lock"), OutputLock.fileOf(out));
        try (OutputLock lock = OutputLock.acquire(out, "t")) {
            assertTrue(Files.isRegularFile(tmp.resolve("x/y/.c.bank.lock")));
        }
    }
}
