package org.tagllm.knime.engine.service;

import ai.djl.Device;
import java.util.Locale;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a requested device name into the one a job will use: {@code "cpu"}, or {@code "cuda:N"} when GPU N exists,
 * else CPU with a warning. The decoder still computes on CPU arrays; the choice is recorded (and keys the model
 * cache) so that moving tensors later changes no caller.
 */
final class Devices {

    private static final Pattern CUDA = Pattern.compile("cuda:(\\d+)");

    private Devices() {}

    /**
     * @param gpuCount GPUs visible to the engine (DJL's {@code Engine.getGpuCount()} outside tests)
     * @throws IllegalArgumentException for a name that is neither {@code cpu} nor {@code cuda:N}
     */
    static String resolve(String requested, IntSupplier gpuCount, WarningListener warnings) {
        String name = requested.trim().toLowerCase(Locale.ROOT);
        if (name.equals("cpu")) {
            return "cpu";
        }
        Matcher m = CUDA.matcher(name);
        if (!m.matches()) {
            throw new IllegalArgumentException("unknown device '" + requested + "'; use cpu or cuda:N (e.g. cuda:0)");
        }
        int index = Integer.parseInt(m.group(1));
        int gpus = gpuCount.getAsInt();
        if (index >= gpus) {
            warnings.onWarning("device " + name + " asked for, but " + (gpus == 0 ? "no CUDA GPU is available"
                    : "only " + gpus + " CUDA GPU(s) are available") + "; running on cpu instead");
            return "cpu";
        }
        return name;
    }

    /** DJL's device for a resolved name; where tensors will go once the decoder moves them. */
    static Device toDjl(String resolved) {
        return resolved.equals("cpu") ? Device.cpu() : Device.gpu(Integer.parseInt(resolved.substring(5)));
    }
}
