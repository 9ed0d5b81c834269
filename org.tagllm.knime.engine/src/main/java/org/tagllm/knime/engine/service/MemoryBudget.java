package org.tagllm.knime.engine.service;

import org.tagllm.knime.engine.memory.MemoryEstimate;

/**
 * How much a newly loaded model may take on a device: what the device has left ({@link DeviceMemory}), and at most
 * a configured limit for all cached models of one device together (a KNIME preference; none by default).
 */
public final class MemoryBudget {

    /** No limit beyond what the device has. */
    public static final long NO_LIMIT = Long.MAX_VALUE;

    private final long limitBytes;
    private final DeviceMemory memory;

    /**
     * @param limitBytes bytes all cached models of one device may take together, or {@link #NO_LIMIT}
     */
    public MemoryBudget(long limitBytes, DeviceMemory memory) {
        if (limitBytes <= 0) {
            throw new IllegalArgumentException("the memory limit must be positive, got " + limitBytes + " bytes");
        }
        this.limitBytes = limitBytes;
        this.memory = memory;
    }

    /** The device's own memory, no further limit. */
    public static MemoryBudget system() {
        return new MemoryBudget(NO_LIMIT, DeviceMemory.system());
    }

    public long limitBytes() {
        return limitBytes;
    }

    /**
     * What a new model may take on a device.
     *
     * @param bytes   the room
     * @param binding what sets it, for the refusal: the device's own memory, or the limit less the cached models
     */
    record Room(long bytes, String binding) {}

    /**
     * The room for a new model on {@code device} while cached models there hold {@code cachedBytes}, and models about
     * to be closed would give the device {@code releasedBytes} back.
     */
    Room room(String device, long cachedBytes, long releasedBytes) {
        long byLimit = limitBytes == NO_LIMIT ? NO_LIMIT : limitBytes - cachedBytes;
        long free = memory.availableBytes(device);
        // The device's figure already excludes what the cached models took; the limit counts them itself.
        return free != DeviceMemory.UNKNOWN && free + releasedBytes <= byLimit
                ? new Room(free + releasedBytes, "the memory " + device + " has available"
                        + (releasedBytes > 0 ? " with its idle models closed" : ""))
                : new Room(byLimit, "the engine's memory limit of " + format(limitBytes) + " for models on " + device
                        + ", less " + format(cachedBytes) + " held by loaded models");
    }

    /** Bytes in binary units with one decimal: "13.5 GiB", "812.0 KiB" (as the estimate before loading says them). */
    static String format(long bytes) {
        return MemoryEstimate.format(bytes);
    }
}
