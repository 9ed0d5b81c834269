package org.tagllm.cli;

import ai.djl.Device;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tagllm.knime.engine.runtime.DjlRuntime;

/**
 * {@code --device cpu|cuda:N} to DJL's {@link Device} (its documented device API; no CUDA code of our own). A GPU
 * this libtorch cannot see is refused, never silently replaced by the CPU.
 */
final class DeviceNames {

    static final String DESCRIPTION = "Where the model runs: cpu (default) or cuda:N (needs a CUDA build of "
            + "libtorch, see 'tagllm doctor').";

    private static final Pattern CUDA = Pattern.compile("cuda:(\\d{1,4})");

    private DeviceNames() {}

    /** The DJL device for {@code name}, checked against the GPUs the engine sees. */
    static Device parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("cpu")) {
            return Device.cpu();
        }
        Matcher m = CUDA.matcher(n);
        if (!m.matches()) {
            throw new IllegalArgumentException("--device '" + name + "': use cpu or cuda:N (e.g. cuda:0)");
        }
        int index = Integer.parseInt(m.group(1));
        int gpus = DjlRuntime.engine().getGpuCount();
        if (index >= gpus) {
            throw new IllegalArgumentException("--device " + n + ": " + (gpus == 0
                    ? "this libtorch (" + DjlRuntime.engine().getVersion() + ", CPU build) sees no CUDA GPU"
                    : "only " + gpus + " CUDA GPU(s) are visible") + "; see 'tagllm doctor' for running on a GPU");
        }
        return Device.gpu(index);
    }

    /** The name the engine's memory query uses: {@code cpu} or {@code cuda:N}. */
    static String name(Device device) {
        return device.isGpu() ? "cuda:" + device.getDeviceId() : "cpu";
    }
}
