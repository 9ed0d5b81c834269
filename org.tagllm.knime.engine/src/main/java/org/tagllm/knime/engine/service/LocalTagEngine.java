package org.tagllm.knime.engine.service;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;
import java.util.function.IntSupplier;
import org.tagllm.knime.engine.method.PredictionCancelledException;
import org.tagllm.knime.engine.runtime.DjlRuntime;
import org.tagllm.knime.engine.train.TrainingCancelledException;

/**
 * The in-process {@link TagEngineService}: a small worker pool, one read-write lock per device, a shared
 * {@link ModelCache}. Free of KNIME and OSGi; a later bundle registers one instance as the OSGi service.
 */
public final class LocalTagEngine implements TagEngineService {

    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService janitor;
    private final ModelCache cache;
    private final DeviceLocks locks;
    private final WarningListener warnings;
    private final IntSupplier gpuCount;
    private final Set<Job<?>> live = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private LocalTagEngine(Builder b) {
        cache = new ModelCache(b.idleTimeout, b.clock, ModelCache.Loader.DEFAULT,
                new MemoryBudget(b.memoryLimit, b.deviceMemory));
        locks = new DeviceLocks(b.deviceWait);
        warnings = b.warnings;
        gpuCount = b.gpuCount;
        AtomicInteger n = new AtomicInteger();
        workers = new ThreadPoolExecutor(b.threads, b.threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                r -> daemon(r, "tag-engine-" + n.incrementAndGet()));
        janitor = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "tag-engine-idle"));
        long tick = Math.max(1, b.evictionTick.toMillis());
        janitor.scheduleWithFixedDelay(cache::evictIdle, tick, tick, TimeUnit.MILLISECONDS);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true); // a forgotten close() must not keep KNIME or the CLI from exiting
        return t;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The cache, for its counters and for tests of idle release. */
    public ModelCache cache() {
        return cache;
    }

    @Override
    public <R> JobHandle<R> submit(JobRequest<R> request, JobListener listener) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(listener, "listener");
        if (closed) {
            throw new IllegalStateException("the engine is closed; cannot run " + request.description());
        }
        // The device is resolved now, so its warning reaches the caller before the job waits in any queue.
        String device = request instanceof ModelJob<?> m ? Devices.resolve(m.device(), gpuCount, warnings) : null;
        Job<R> job = new Job<>(request, device, listener, warnings);
        Runnable work = () -> run(job, device);
        job.onQueuedCancel(() -> {
            workers.remove(work); // off the queue: run() never starts, so it is forgotten here
            live.remove(job);
        });
        live.add(job);
        try {
            workers.execute(work);
        } catch (RejectedExecutionException e) {
            // close() ran between the check above and here.
            live.remove(job);
            throw new IllegalStateException("the engine is closed; cannot run " + request.description(), e);
        }
        return job;
    }

    private <R> void run(Job<R> job, String device) {
        try {
            if (job.request() instanceof ModelJob<R> m) {
                runOnDevice(job, m, device);
            } else if (job.start()) {
                succeedOrFail(job);
            }
        } finally {
            live.remove(job);
        }
    }

    private <R> void runOnDevice(Job<R> job, ModelJob<R> request, String device) {
        Lock lock;
        try {
            lock = locks.lock(device, request.exclusive(), job.token());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            job.cancelled(new JobCancelledException(job.description(), e));
            return;
        }
        if (lock == null) {
            job.cancelled(new JobCancelledException(job.description(), null));
            return;
        }
        // The job ends while the lock is held, so whatever the lock keeps out starts after the end is reported.
        try {
            if (!job.start()) {
                return;
            }
            R result;
            // The lease is returned before the job ends, so a caller woken by await() sees the model unreferenced.
            try (ModelCache.Lease lease = cache.acquire(request.modelDir(), device)) {
                result = JobRunner.run(request, lease.model(), job);
            } catch (TrainingCancelledException | PredictionCancelledException e) {
                job.cancelled(new JobCancelledException(job.description(), e));
                return;
            } catch (Exception | Error e) {
                // An Error too (a caller's sink overflowing its stack, an assertion): left to escape, it would end
                // the worker and leave the job running forever for whoever awaits it.
                job.fail(e instanceof Exception ex ? ex : new IllegalStateException(e.toString(), e));
                return;
            }
            if (job.token().isCancelled()) {
                // A cancel that came after the last batch or step: the result is dropped, as the caller asked.
                job.cancelled(new JobCancelledException(job.description(), null));
            } else {
                job.succeed(result);
            }
        } finally {
            lock.unlock();
        }
    }

    private static <R> void succeedOrFail(Job<R> job) {
        try {
            job.succeed(JobRunner.runWithoutModel(job.request()));
        } catch (Exception e) {
            job.fail(e);
        } catch (Error e) {
            job.fail(new IllegalStateException(e.toString(), e));
        }
    }

    /** Cancels every job, waits for the workers to stop, releases every model. */
    @Override
    public void close() {
        closed = true;
        live.forEach(Job::cancel);
        workers.shutdown();
        janitor.shutdownNow();
        try {
            // A cancelled training stops within one optimizer step; a running prediction finishes its rows.
            if (!workers.awaitTermination(10, TimeUnit.MINUTES)) {
                warnings.onWarning("engine workers still busy after 10 minutes; models released anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            cache.close();
        }
    }

    /** Optional settings; the defaults suit one KNIME workbench. */
    public static final class Builder {

        private int threads = 4;
        private Duration idleTimeout = Duration.ofMinutes(10);
        private Duration evictionTick = Duration.ofSeconds(30);
        private Clock clock = Clock.systemUTC();
        private WarningListener warnings = WarningListener.NONE;
        private IntSupplier gpuCount = () -> DjlRuntime.engine().getGpuCount();
        private long memoryLimit = MemoryBudget.NO_LIMIT;
        private DeviceMemory deviceMemory = DeviceMemory.system();
        private Runnable deviceWait = () -> {};

        private Builder() {}

        /** Worker threads: how many jobs may run (or wait for their device) at once. */
        public Builder optThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, got " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** How long a model nobody uses stays loaded. */
        public Builder optIdleTimeout(Duration idleTimeout) {
            this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
            return this;
        }

        /** How often idle models are looked for. */
        public Builder optEvictionTick(Duration tick) {
            this.evictionTick = Objects.requireNonNull(tick, "tick");
            return this;
        }

        /** The clock of the idle timeout; tests pass one they move by hand. */
        public Builder optClock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder optWarnings(WarningListener warnings) {
            this.warnings = Objects.requireNonNull(warnings, "warnings");
            return this;
        }

        /** GPUs visible; DJL's count by default. */
        public Builder optGpuCount(IntSupplier gpuCount) {
            this.gpuCount = Objects.requireNonNull(gpuCount, "gpuCount");
            return this;
        }

        /** Bytes all cached models of one device may take together; the device's own memory binds as well. */
        public Builder optMemoryLimit(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("the memory limit must be positive, got " + bytes + " bytes");
            }
            this.memoryLimit = bytes;
            return this;
        }

        /** What each device has left; the operating system's and CUDA's figures by default. */
        public Builder optDeviceMemory(DeviceMemory deviceMemory) {
            this.deviceMemory = Objects.requireNonNull(deviceMemory, "deviceMemory");
            return this;
        }

        /** Runs on a worker each time a job starts to wait for its device; tests wait for it instead of sleeping. */
        Builder onDeviceWait(Runnable deviceWait) {
            this.deviceWait = Objects.requireNonNull(deviceWait, "deviceWait");
            return this;
        }

        public LocalTagEngine build() {
            return new LocalTagEngine(this);
        }
    }
}
