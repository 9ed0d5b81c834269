package org.tagllm.knime.engine.service;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.model.WeightPrecision;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.bank.BaseModelFingerprint;
import org.tagllm.knime.engine.memory.MemoryEstimate;

/**
 * Loaded models shared by jobs, one per (folder, content fingerprint, device), with reference counts. A model nobody
 * holds stays loaded for the idle timeout (the next job on it is likely soon), then is closed by
 * {@link #evictIdle()}. The fingerprint is part of the key so that a folder whose weights were replaced loads anew.
 */
public final class ModelCache implements AutoCloseable {

    /** What identifies a loaded model. */
    public record Key(Path dir, BaseModelFingerprint fingerprint, String device) {}

    /**
     * Loads a model folder onto a resolved device with its weights kept as {@code precision} says;
     * {@link LocalModel#open} outside tests of the cache's own logic.
     */
    @FunctionalInterface
    public interface Loader {
        LocalModel load(Path dir, String device, WeightPrecision precision) throws IOException, ModelFormatException;

        /** The real load, onto DJL's device of that name. */
        Loader DEFAULT = (dir, device, precision) -> LocalModel.open(dir, Devices.toDjl(device), precision);
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
        /** What the cache reserves for it: its estimate less the runtime allowance, which the device counts once. */
        final long bytes;
        int references;
        Instant idleSince;

        Entry(Key key, LocalModel model, long bytes) {
            this.key = key;
            this.model = model;
            this.bytes = bytes;
        }
    }

    private final Duration idleTimeout;
    private final Clock clock;
    private final Loader loader;
    private final MemoryBudget budget;
    private final Map<Key, Entry> entries = new LinkedHashMap<>();
    private final Fingerprints fingerprints = new Fingerprints();
    private long loads;
    private long hits;
    private long releases;
    private long unloads;
    private long evictedForRoom;
    private boolean closed;

    public ModelCache(Duration idleTimeout, Clock clock) {
        this(idleTimeout, clock, Loader.DEFAULT, MemoryBudget.system());
    }

    /**
     * @param budget checked before every load; idle models are closed early to make room, and a model that still
     *               does not fit is refused with {@link InsufficientMemoryException} rather than loaded
     */
    public ModelCache(Duration idleTimeout, Clock clock, Loader loader, MemoryBudget budget) {
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idle timeout must not be negative, got " + idleTimeout);
        }
        this.idleTimeout = idleTimeout;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.loader = Objects.requireNonNull(loader, "loader");
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    /**
     * Holds the model of {@code dir} on {@code device} (a resolved name), loading it when no job holds it yet.
     *
     * @throws ModelFormatException when the folder is not a usable model
     * @throws InsufficientMemoryException when the model would not fit, even with every idle model closed
     */
    public Lease acquire(Path dir, String device) throws IOException, ModelFormatException,
            InsufficientMemoryException {
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
                e = load(key, device);
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

    /**
     * Loads in the first way (float32 before stored weights, plain backward before recomputing, as the command line
     * decides) that fits the room there is once the device's idle models are closed, then closes idle ones, longest
     * idle first, only as far as that way needs: a closed model is merely loaded again by its next job, while a
     * slower way would slow every job on this one. Refuses without closing any when even the most frugal way does
     * not fit.
     */
    private Entry load(Key key, String device) throws IOException, ModelFormatException,
            InsufficientMemoryException {
        Path folder = key.dir();
        MemoryBudget.Room room = room(device, true);
        ModelFootprint plan = ModelFootprint.of(folder, roomForEstimate(device, true, room));
        if (need(plan, device, true) > room.bytes()) {
            throw refusal(folder, device, plan, true, room);
        }
        while (need(plan, device, false) > (room = room(device, false)).bytes()) {
            Entry idle = entries.values().stream()
                    .filter(x -> x.key.device().equals(device) && x.references == 0)
                    .min(Comparator.comparing(x -> x.idleSince)).orElse(null);
            if (idle == null) {
                // The device gave back less than was reserved for the idle models (their working sets were not
                // held while idle): the best way that fits now.
                plan = ModelFootprint.of(folder, roomForEstimate(device, false, room));
                if (need(plan, device, false) > room.bytes()) {
                    throw refusal(folder, device, plan, false, room);
                }
                break;
            }
            entries.remove(idle.key);
            unload(idle);
            evictedForRoom++;
        }
        // Loading under the lock keeps a model from loading twice; loads are rare next to hits.
        LocalModel model = loader.load(folder, device, plan.estimate().precision());
        model.decoder().recomputeInBackward(plan.estimate().workload().recompute());
        return new Entry(key, model, plan.bytes() - MemoryEstimate.RUNTIME_BYTES);
    }

    /** The cached models of {@code device}; with {@code idleClosed}, only those in use. */
    private List<Entry> kept(String device, boolean idleClosed) {
        return entries.values().stream()
                .filter(x -> x.key.device().equals(device) && !(idleClosed && x.references == 0)).toList();
    }

    /**
     * The room on {@code device} with the models {@link #kept} there: the limit less what they reserve, and the
     * device's figure plus what the idle ones would give back.
     */
    private MemoryBudget.Room room(String device, boolean idleClosed) {
        long released = idleClosed ? kept(device, false).stream().filter(x -> x.references == 0)
                .mapToLong(x -> x.bytes).sum() : 0;
        return budget.room(device, reservedBytes(kept(device, idleClosed)), released);
    }

    /**
     * The runtime allowance in every estimate (the JVM, libtorch's code, allocator slack) is there once however many
     * models are loaded: the cache reserves each model without it, and once for the device while any is cached.
     */
    private static long reservedBytes(List<Entry> models) {
        return models.stream().mapToLong(x -> x.bytes).sum() + (models.isEmpty() ? 0 : MemoryEstimate.RUNTIME_BYTES);
    }

    /** What loading {@code plan} adds: its estimate, less the runtime allowance when kept models reserve it. */
    private long need(ModelFootprint plan, String device, boolean idleClosed) {
        return plan.bytes() - (kept(device, idleClosed).isEmpty() ? 0 : MemoryEstimate.RUNTIME_BYTES);
    }

    /** {@code room} in the terms of a whole estimate, which counts the runtime allowance that kept models reserve. */
    private long roomForEstimate(String device, boolean idleClosed, MemoryBudget.Room room) {
        long r = Math.max(0, room.bytes()); // negative would mean "unknown" to MemoryPlan
        return kept(device, idleClosed).isEmpty() ? r
                : Math.min(r, Long.MAX_VALUE - MemoryEstimate.RUNTIME_BYTES) + MemoryEstimate.RUNTIME_BYTES;
    }

    private InsufficientMemoryException refusal(Path folder, String device, ModelFootprint plan, boolean idleClosed,
            MemoryBudget.Room room) {
        long need = need(plan, device, idleClosed);
        List<String> held = kept(device, idleClosed).stream()
                .map(x -> x.key.dir().getFileName() + " (" + MemoryBudget.format(x.bytes) + ", " + x.references
                        + (x.references == 1 ? " job)" : " jobs)"))
                .toList();
        String message = "not enough memory to load " + folder + " on " + device + ": it needs about "
                + MemoryBudget.format(need) + " (" + plan.estimate().describe()
                + (need < plan.bytes() ? ", less the runtime allowance of "
                        + MemoryBudget.format(MemoryEstimate.RUNTIME_BYTES) + " the loaded models already count" : "")
                + "), but only " + MemoryBudget.format(Math.max(0, room.bytes())) + " is left under " + room.binding()
                + (held.isEmpty() ? "" : "; models in use there: " + String.join(", ", held))
                + ". Wait for other jobs, free memory, choose a smaller model, or another device.";
        return new InsufficientMemoryException(message, need, room.bytes());
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

    /** Idle models closed before their timeout to make room for another. */
    public synchronized long evictedForRoom() {
        return evictedForRoom;
    }

    /** Models closed (idle, to make room, or by {@link #close()}). */
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
