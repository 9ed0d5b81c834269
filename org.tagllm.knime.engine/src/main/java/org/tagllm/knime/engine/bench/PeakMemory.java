package org.tagllm.knime.engine.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The process's resident-set high-water mark (Linux {@code VmHWM}): native libtorch memory and the Java heap together,
 * which is what a user's machine must hold. Java's own MXBeans see only the heap.
 */
public final class PeakMemory {

    private PeakMemory() {}

    /**
     * Starts a new high-water mark (Linux 4.0+: writing 5 to {@code /proc/self/clear_refs}), so each benchmark reports
     * its own peak; does nothing where that is not possible.
     */
    public static void resetHighWater() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException | UnsupportedOperationException e) {
            // Not Linux, or not permitted: the mark then covers the whole process so far.
        }
    }

    /**
     * Resident bytes now of one kind from {@code /proc/self/status}: {@code RssAnon} (heap, libtorch arrays) or
     * {@code RssFile} (mapped file pages, e.g. weights kept as stored); -1 where unknown.
     */
    public static long residentNowBytes(String kind) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(kind + ":")) {
                    return Long.parseLong(line.trim().split("\\s+")[1]) * 1024L;
                }
            }
        } catch (IOException | NumberFormatException | UnsupportedOperationException e) {
            return -1;
        }
        return -1;
    }

    /** Peak resident bytes so far, or -1 where {@code /proc/self/status} does not exist (not Linux). */
    public static long residentHighWaterBytes() {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return -1;
        }
        try {
            List<String> lines = Files.readAllLines(status);
            for (String line : lines) {
                if (line.startsWith("VmHWM:")) {
                    String[] parts = line.trim().split("\\s+");
                    return Long.parseLong(parts[1]) * 1024L; // reported in kB
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
