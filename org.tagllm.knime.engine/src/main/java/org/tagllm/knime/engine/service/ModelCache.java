package org.tagllm.knime.engine.service;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.bank.BaseModelFingerprint;

/**
 * Loaded models shared by jobs, one per (folder, content fingerprint, device), with reference counts. A model nobody
 * holds stays loaded for the idle timeout (the next job on it is likely soon), then is closed by
 * {@link #evictIdle()}. The fingerprint is part of the key so that a folder whose weights were replaced loads anew.
 */
public final class ModelCache implements AutoCloseable {

    /** What identifies a loaded model. */
    public record Key(Path dir, BaseModelFingerprint fingerprint, String device) {}

    /** Loads a model folder; {@link LocalModel#open} outside tests of the cache's own logic. */
    @FunctionalInterface
    public interface Loader {
        LocalModel load(Path dir) throws IOException, ModelFormatException;
    }

    /** A hold on a cached model; closing it lets the model go idle. Close it exactly once. */
    public final class Lease implements AutoCloseable {

        private final Entry entry;
        private boolean closed;

        private Lease(Entry entry) {
            this.entry = entry;
        }

        public LocalModel model() {
            return entry.model;
        }

        public Key key() {
            return entry.key;
        }

        @Override
        public void close() {
            release(this);
        }
    }

    private static final class Entry {
        final Key key;
        final LocalModel model;
        int references;
        Instant idleSince;

        Entry(Key key, LocalModel model) {
            this.key = key;
            this.model = model;
        }
    }

    private final Duration idleTimeout;
    private final Clock clock;
    private final Loader loader;
    private final Map<Key, Entry> entries = new LinkedHashMap<>();
    private final Fingerprints fingerprints = new Fingerprints();
    private long loads;
    private long hits;
    private long releases;
    private long unloads;
    private boolean closed;

    public ModelCache(Duration idleTimeout, Clock clock) {
        this(idleTimeout, clock, LocalModel::open);
    }

    public ModelCache(Duration idleTimeout, Clock clock, Loader loader) {
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idle timeout must not be negative, got " + idleTimeout);
        }
        this.idleTimeout = idleTimeout;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.loader = Objects.requireNonNull(loader, "loader");
    }

    /**
     * Holds the model of {@code dir} on {@code device} (a resolved name), loading it when no job holds it yet.
     *
     * @throws ModelFormatException when the folder is not a usable model
     */
    public Lease acquire(Path dir, String device) throws IOException, ModelFormatException {
        Path folder = dir.toAbsolutePath().normalize();
        // Outside the lock: a first fingerprint reads the whole embedding, and other jobs should not wait for it.
        Key key = new Key(folder, fingerprints.of(folder), device);
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the model cache is closed");
            }
            evictIdle();
            Entry e = entries.get(key);
            if (e == null) {
                // Loading under the lock keeps a model from loading twice; loads are rare next to hits.
                e = new Entry(key, loader.load(folder));
                entries.put(key, e);
                loads++;
            } else {
                hits++;
            }
            e.references++;
            e.idleSince = null;
            return new Lease(e);
        }
    }

    private synchronized void release(Lease lease) {
        if (lease.closed) {
            throw new IllegalStateException("lease on " + lease.entry.key.dir() + " released twice");
        }
        lease.closed = true;
        releases++;
        Entry e = lease.entry;
        if (--e.references == 0) {
            e.idleSince = clock.instant();
        }
        evictIdle();
    }

    /** Closes every model nobody has held for the idle timeout; returns how many. */
    public synchronized int evictIdle() {
        Instant now = clock.instant();
        int evicted = 0;
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext();) {
            Entry e = it.next();
            if (e.references == 0 && e.idleSince != null
                    && !e.idleSince.plus(idleTimeout).isAfter(now)) {
                it.remove();
                unload(e);
                evicted++;
            }
        }
        return evicted;
    }

    private void unload(Entry e) {
        unloads++;
        e.model.close();
    }

    /** Models opened so far. */
    public synchronized long loads() {
        return loads;
    }

    /** Acquisitions served by a model already loaded. */
    public synchronized long hits() {
        return hits;
    }

    /** Fingerprints hashed rather than remembered (a folder's files changed, or were new). */
    long fingerprintsComputed() {
        return fingerprints.computed();
    }

    /** Leases closed. */
    public synchronized long releases() {
        return releases;
    }

    /** Models closed (idle, or by {@link #close()}). */
    public synchronized long unloads() {
        return unloads;
    }

    /** The keys of the models loaded now. */
    public synchronized List<Key> loaded() {
        return new ArrayList<>(entries.keySet());
    }

    /** Closes every model, held or not; call when no job runs any more. */
    @Override
    public synchronized void close() {
        closed = true;
        RuntimeException first = null;
        for (Entry e : entries.values()) {
            try {
                unload(e);
            } catch (RuntimeException ex) {
                if (first == null) {
                    first = ex;
                } else {
                    first.addSuppressed(ex);
                }
            }
        }
        entries.clear();
        if (first != null) {
            throw first;
        }
    }
}
