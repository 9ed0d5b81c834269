package org.tagllm.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Utils;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.tagllm.knime.engine.memory.MemoryEstimate;
import org.tagllm.knime.engine.runtime.DjlRuntime;
import org.tagllm.knime.engine.service.DeviceMemory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tagllm doctor}: what this installation runs on, and what a GPU user has to add. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Print the engine, libtorch's version and flavour, its threads, the devices with their free "
                + "memory, DJL's native-library folder, and what running on a CUDA GPU needs.")
final class DoctorCommand implements Callable<Integer> {

    /** The CUDA flavour whose JNI bridge ships inside DJL's pytorch-jni jar for this libtorch. */
    static final String CUDA_FLAVOUR = "cu128";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Engine engine = DjlRuntime.engine();
        Path cache = Utils.getEngineCacheDir("pytorch");
        int gpus = engine.getGpuCount();
        row(out, "engine", engine.getEngineName() + " (DJL " + Engine.getDjlVersion() + ")");
        row(out, "libtorch", engine.getVersion() + ", " + flavours(cache) + (gpus > 0 ? "" : " (CPU build)"));
        row(out, "threads", JniUtils.getNumThreads() + " intra-op, " + JniUtils.getNumInteropThreads()
                + " inter-op; " + Runtime.getRuntime().availableProcessors() + " cores");
        row(out, "devices", "cpu: " + memory("cpu") + " available");
        for (int i = 0; i < gpus; i++) {
            row(out, "", "cuda:" + i + ": " + memory("cuda:" + i) + " free (" + Device.gpu(i) + ")");
        }
        row(out, "native cache", cache + " (DJL's ENGINE_CACHE_DIR)");
        row(out, "downloads", DjlRuntime.nativeDownloadAllowed() ? "allowed (" + DjlRuntime.ALLOW_DOWNLOAD_ENV
                + " is set)" : "off (offline; set " + DjlRuntime.ALLOW_DOWNLOAD_ENV + "=1 to let DJL fetch a "
                + "CUDA libtorch once)");
        out.println();
        out.println("For a CUDA GPU (same build, nothing to recompile): an NVIDIA driver for CUDA 12.8, then either");
        out.println("  - put libtorch " + engine.getVersion() + " for " + CUDA_FLAVOUR + " (DJL's pytorch-native-"
                + CUDA_FLAVOUR + " files) in " + cache.resolve(engine.getVersion() + "-" + CUDA_FLAVOUR
                        + "-linux-x86_64") + ",");
        out.println("    or point PYTORCH_LIBRARY_PATH at a libtorch " + engine.getVersion() + " " + CUDA_FLAVOUR
                + " lib folder; or");
        out.println("  - run once with " + DjlRuntime.ALLOW_DOWNLOAD_ENV + "=1 and PYTORCH_FLAVOR=" + CUDA_FLAVOUR
                + " so DJL downloads it into the folder above;");
        out.println("then set PYTORCH_FLAVOR=" + CUDA_FLAVOUR + " and pass --device cuda:0 to the model commands.");
        out.flush();
        return ExitCodes.OK;
    }

    private static String memory(String device) {
        long bytes = DeviceMemory.system().availableBytes(device);
        return bytes == DeviceMemory.UNKNOWN ? "unknown" : MemoryEstimate.format(bytes);
    }

    /** The libtorch folders DJL has unpacked, e.g. "2.7.1-20250812-cpu-linux-x86_64". */
    private static String flavours(Path cache) throws IOException {
        if (!Files.isDirectory(cache)) {
            return "no native folder yet";
        }
        try (Stream<Path> dirs = Files.list(cache)) {
            List<String> names = dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted()
                    .toList();
            return names.isEmpty() ? "no native folder yet" : "native " + String.join(", ", names);
        }
    }

    private static void row(PrintWriter out, String key, String value) {
        out.printf(Locale.ROOT, "%-14s %s%n", key, value);
    }
}
