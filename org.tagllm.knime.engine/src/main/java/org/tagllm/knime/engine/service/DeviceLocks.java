package org.tagllm.knime.engine.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BooleanSupplier;

/**
 * One read-write lock per device: training takes the write lock (alone on the device), predictions the read lock
 * (together). The locks are fair, so a training job waiting behind predictions is not overtaken by later ones, and a
 * prediction submitted during training starts only after it.
 */
final class DeviceLocks {

    private static final long POLL_MILLIS = 20;

    private final Map<String, ReentrantReadWriteLock> locks = new ConcurrentHashMap<>();
    private final Runnable waiting;

    DeviceLocks() {
        this(() -> {});
    }

    /** {@code waiting} runs once for each call of {@link #lock} that has to wait; tests synchronise on it. */
    DeviceLocks(Runnable waiting) {
        this.waiting = waiting;
    }

    /**
     * Takes the device's lock, giving up when {@code cancelled} turns true while waiting.
     *
     * @return the lock held, or null when cancelled first
     */
    Lock lock(String device, boolean exclusive, BooleanSupplier cancelled) throws InterruptedException {
        ReentrantReadWriteLock rw = locks.computeIfAbsent(device, d -> new ReentrantReadWriteLock(true));
        Lock lock = exclusive ? rw.writeLock() : rw.readLock();
        // Polling rather than interrupting the worker: an interrupt could land inside libtorch or file I/O later.
        boolean told = false;
        while (!lock.tryLock(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
            if (!told) {
                waiting.run();
                told = true;
            }
            if (cancelled.getAsBoolean()) {
                return null;
            }
        }
        return lock;
    }
}
