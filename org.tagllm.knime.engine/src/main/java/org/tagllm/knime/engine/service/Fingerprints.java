package org.tagllm.knime.engine.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.bank.BaseModelFingerprint;
import org.tagllm.knime.engine.model.ModelDirectory;

/**
 * Content fingerprints of model folders, remembered while the folder's files keep their names, sizes and
 * modification times. Hashing reads the whole embedding (a quarter of a gigabyte for a 7B model); doing it for every
 * job would cost a second each, so it is redone only when a file in the folder changed.
 */
final class Fingerprints {

    /** What the folder's top-level files looked like when fingerprinted. */
    private record Stamp(List<String> files) {}

    private record Known(Stamp stamp, BaseModelFingerprint fingerprint) {}

    private final Map<Path, Known> known = new ConcurrentHashMap<>();
    private final AtomicLong computed = new AtomicLong();

    BaseModelFingerprint of(Path folder) throws IOException, ModelFormatException {
        Stamp stamp = stamp(folder);
        Known k = known.get(folder);
        if (k != null && k.stamp.equals(stamp)) {
            return k.fingerprint;
        }
        BaseModelFingerprint f;
        try (ModelDirectory d = ModelDirectory.open(folder)) {
            f = BaseModelFingerprint.of(d);
        }
        computed.incrementAndGet();
        known.put(folder, new Known(stamp, f));
        return f;
    }

    /** How often a fingerprint was computed rather than remembered. */
    long computed() {
        return computed.get();
    }

    private static Stamp stamp(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return new Stamp(List.of()); // ModelDirectory.open names the problem
        }
        try (Stream<Path> files = Files.list(folder)) {
            return new Stamp(files.sorted().map(Fingerprints::describe).toList());
        }
    }

    private static String describe(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return file.getFileName() + ":" + a.size() + ":" + a.lastModifiedTime().toMillis();
        } catch (IOException e) {
            return file.getFileName() + ":unreadable"; // differs from any readable stamp, so it is hashed anew
        }
    }
}
