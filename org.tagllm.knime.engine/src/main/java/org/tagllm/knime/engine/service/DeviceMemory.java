package org.tagllm.knime.engine.service;

import ai.djl.util.cuda.CudaUtils;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Memory a device can still give, in bytes, or {@link #UNKNOWN}. libtorch allocates outside the Java heap, so the
 * machine's memory counts for CPU models, not {@code -Xmx}.
 */
@FunctionalInterface
public interface DeviceMemory {

    long UNKNOWN = -1;

    /** @param device a resolved device name: {@code cpu} or {@code cuda:N} */
    long availableBytes(String device);

    /** The operating system's figure for CPU, CUDA's (through DJL's {@code CudaUtils.getGpuMemory}) for a GPU. */
    static DeviceMemory system() {
        return device -> device.equals("cpu") ? cpuAvailable() : gpuAvailable(device);
    }

    private static long cpuAvailable() {
        // Linux's MemAvailable counts reclaimable page cache, which "free" memory does not.
        Path meminfo = Path.of("/proc/meminfo");
        if (Files.isReadable(meminfo)) {
            try {
                long kib = memAvailableKib(Files.readAllLines(meminfo));
                if (kib >= 0) {
                    return kib * 1024;
                }
            } catch (IOException e) {
                // fall through to the JVM's view
            }
        }
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getFreeMemorySize();
        }
        return UNKNOWN;
    }

    /** The {@code MemAvailable} line of {@code /proc/meminfo}, in KiB, or -1 when absent. */
    static long memAvailableKib(List<String> meminfo) {
        for (String line : meminfo) {
            if (line.startsWith("MemAvailable:")) {
                String[] parts = line.substring("MemAvailable:".length()).trim().split("\\s+");
                return Long.parseLong(parts[0]);
            }
        }
        return -1;
    }

    private static long gpuAvailable(String device) {
        try {
            MemoryUsage usage = CudaUtils.getGpuMemory(Devices.toDjl(device));
            return usage.getMax() - usage.getUsed();
        } catch (RuntimeException | LinkageError e) {
            return UNKNOWN; // no CUDA runtime to ask; the load itself will say what is wrong
        }
    }
}
