package org.tagllm.knime.engine.runtime;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Path;

/**
 * The single place that starts DJL's PyTorch engine. DJL runs offline here: {@code ai.djl.offline} is set before the
 * engine class loads, which also stops DJL's start-up network call; only the user's {@link #ALLOW_DOWNLOAD_ENV}
 * switches it off (for DJL's one-time download of a CUDA libtorch). The engine is looked up by name, not
 * through ServiceLoader discovery alone, so that later OSGi packaging can register it explicitly.
 */
public final class DjlRuntime {

    public static final String ENGINE_NAME = "PyTorch";

    private static volatile Engine engine;

    private DjlRuntime() {}

    /**
     * Sets where libtorch's native libraries are unpacked (DJL's {@code ENGINE_CACHE_DIR}); without it DJL's default
     * ({@code ~/.djl.ai}) is used. Must be called before the first {@link #engine()}.
     */
    public static synchronized void setNativeCacheDir(Path dir) {
        if (engine != null) {
            throw new IllegalStateException("the engine has already started; set the native cache before first use");
        }
        System.setProperty("ENGINE_CACHE_DIR", dir.toAbsolutePath().toString());
    }

    /**
     * Sets libtorch's intra-op and inter-op thread counts (DJL's {@code ai.djl.pytorch.num_threads} and
     * {@code ai.djl.pytorch.num_interop_threads}). Must be called before the first {@link #engine()}.
     */
    public static synchronized void setThreads(int intraOp, int interOp) {
        if (engine != null) {
            throw new IllegalStateException("the engine has already started; set threads before first use");
        }
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(intraOp));
        System.setProperty("ai.djl.pytorch.num_interop_threads", Integer.toString(interOp));
    }

    /**
     * Sets libtorch's intra-op thread count until the returned scope is closed, which restores the count found; starts
     * the engine if it has not started. Unlike {@link #setThreads} this works at any time. The count is global to the
     * process (work on other threads meanwhile runs with it too) and is read by operations started from the calling
     * thread. Tiny models run fastest on one thread: their operations are too small to split, and when other
     * processes share the cores, libtorch's threads wait on each other at every operation.
     */
    public static IntraOpThreads intraOpThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("thread count must be at least 1, got " + threads);
        }
        engine();
        int previous = JniUtils.getNumThreads();
        JniUtils.setNumThreads(threads);
        return new IntraOpThreads(previous);
    }

    /** Restores libtorch's intra-op thread count when closed; see {@link #intraOpThreads}. */
    public static final class IntraOpThreads implements AutoCloseable {

        private final int previous;

        private IntraOpThreads(int previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            JniUtils.setNumThreads(previous);
        }
    }

    /** Environment switch that lets DJL download libtorch's native files once (a CUDA flavour); off by default. */
    public static final String ALLOW_DOWNLOAD_ENV = "TAGLLM_ALLOW_NATIVE_DOWNLOAD";

    /** Whether {@link #ALLOW_DOWNLOAD_ENV} is set to 1 or true. */
    public static boolean nativeDownloadAllowed() {
        String v = System.getenv(ALLOW_DOWNLOAD_ENV);
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true"));
    }

    /** The PyTorch engine, started offline on first call (unless {@link #ALLOW_DOWNLOAD_ENV} allows a download). */
    public static Engine engine() {
        Engine e = engine;
        if (e == null) {
            synchronized (DjlRuntime.class) {
                if (engine == null) {
                    // Offline unless the user switched on DJL's one-time native download (e.g. a CUDA libtorch).
                    if (!nativeDownloadAllowed()) {
                        System.setProperty("ai.djl.offline", "true");
                    }
                    // DJL's graph-executor notice concerns TorchScript models, which we never load.
                    System.setProperty("ai.djl.pytorch.graph_optimizer", "false");
                    engine = Engine.getEngine(ENGINE_NAME);
                }
                e = engine;
            }
        }
        return e;
    }

    /** A new root manager on the engine's default device; the caller closes it. */
    public static NDManager newManager() {
        // CPU by name: the engine's default device is GPU 0 where one exists, and a job must never land there unasked.
        return newManager(Device.cpu());
    }

    /** A root manager whose arrays live on {@code device} (DJL's device API; {@code Device.gpu(n)} for CUDA). */
    public static NDManager newManager(Device device) {
        return engine().newBaseManager(device);
    }
}
