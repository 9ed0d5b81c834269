package org.tagllm.knime.engine.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Claims an output for one run: an exclusive OS lock on a hidden file beside it ({@code .NAME.lock}), which holds
 * who claimed it (pid, what, since when) so that a second run can be refused naming the first. The lock, not the
 * file, decides: the OS drops the lock of a process that dies, so a killed run never blocks the next. The file is
 * removed on release; a run that locked a file removed meanwhile notices (its own claim does not read back at the
 * path) and tries again.
 */
public final class OutputLock implements AutoCloseable {

    private static final int ATTEMPTS = 5;

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private OutputLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock file of {@code output}: a hidden sibling. */
    public static Path fileOf(Path output) {
        Path absolute = output.toAbsolutePath().normalize();
        return absolute.resolveSibling("." + absolute.getFileName() + ".lock");
    }

    /**
     * Claims {@code output} (creating its parent folders) until {@link #close()}.
     *
     * @param what what is writing it, e.g. "tagllm train", said to a run that is refused
     * @throws FileSystemException naming the output and the run holding it, when another run (in this process or
     *                             another) holds it
     */
    public static OutputLock acquire(Path output, String what) throws IOException {
        Path file = fileOf(output);
        Files.createDirectories(file.getParent());
        String claim = "pid " + ProcessHandle.current().pid() + ", " + what + ", started "
                + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\n" + UUID.randomUUID() + "\n";
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this process: a node or thread of this JVM
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            if (lock == null) {
                channel.close();
                throw new FileSystemException(output.toString(), null, "another run is writing it (" + holder(file)
                        + "); wait for it to end or choose another output");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(claim.getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            if (claim.equals(readOrNull(file))) {
                return new OutputLock(file, channel, lock);
            }
            channel.close(); // the file was removed by a run that ended meanwhile: lock the new one
        }
        throw new FileSystemException(output.toString(), null, "could not lock " + file + " (it keeps changing)");
    }

    /** Who holds the lock, as written in the file: its first line. */
    private static String holder(Path file) {
        String text = readOrNull(file);
        String first = text == null ? "" : text.lines().findFirst().orElse("").strip();
        return first.isEmpty() ? "lock file " + file : first;
    }

    private static String readOrNull(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null; // removed meanwhile, or unreadable: no claim to compare or name
        }
    }

    /** Removes the lock file while still holding the lock, then releases it. */
    @Override
    public void close() throws IOException {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // e.g. Windows will not delete an open file; the next run locks it again, which is all that matters
        } finally {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }
}
