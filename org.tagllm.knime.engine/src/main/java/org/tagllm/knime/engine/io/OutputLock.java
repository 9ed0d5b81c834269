package org.tagllm.knime.engine.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Claims an output for one run: an exclusive OS lock on a hidden file beside it ({@code .NAME.lock}), which holds
 * who claimed it (pid, what, since when) so that a second run can be refused naming the first. The lock, not the
 * file, decides: the OS drops the lock of a process that dies, so a killed run never blocks the next. The file is
 * removed on release; a run that locked a file removed or replaced meanwhile notices and tries again.
 *
 * <p>POSIX drops all of a process's locks on a file when it closes any descriptor of that file, so this process never
 * opens a lock file it holds: claims made here are known from {@link #HELD} instead.
 */
public final class OutputLock implements AutoCloseable {

    private static final int ATTEMPTS = 5;
    /** Lock files held by this process, and by what. */
    private static final Map<Path, String> HELD = new ConcurrentHashMap<>();

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
        String claim = "pid " + ProcessHandle.current().pid() + ", " + what + ", started "
                + Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String here = HELD.putIfAbsent(file, claim);
        if (here != null) {
            throw refused(output, here);
        }
        try {
            Files.createDirectories(file.getParent());
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                Object before = keyOf(file);
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (IOException | RuntimeException e) {
                    channel.close();
                    throw e;
                }
                if (lock == null) {
                    channel.close();
                    throw refused(output, holder(file));
                }
                if (before == null || !before.equals(keyOf(file))) {
                    channel.close(); // created, removed or replaced while we opened it: look again
                    continue;
                }
                channel.truncate(0);
                channel.write(ByteBuffer.wrap((claim + "\n").getBytes(StandardCharsets.UTF_8)), 0);
                channel.force(false);
                return new OutputLock(file, channel, lock);
            }
            throw new FileSystemException(output.toString(), null, "could not lock " + file + " (it keeps changing)");
        } catch (IOException | RuntimeException e) {
            HELD.remove(file);
            throw e;
        }
    }

    private static FileSystemException refused(Path output, String holder) {
        return new FileSystemException(output.toString(), null, "another run is writing it (" + holder
                + "); wait for it to end or choose another output");
    }

    /** The file's identity (device and inode), read without opening it; null when it does not exist. */
    private static Object keyOf(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
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
            return null; // removed meanwhile, or unreadable: the refusal names the file instead
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
                HELD.remove(file);
            }
        }
    }
}
