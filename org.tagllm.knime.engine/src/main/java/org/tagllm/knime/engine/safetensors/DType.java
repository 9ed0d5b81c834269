package org.tagllm.knime.engine.safetensors;

import java.util.Locale;

/** The element types we read from safetensors; all are widened to float32 on load (BF16 arrays crash DJL 0.36). */
public enum DType {
    F32(4),
    F16(2),
    BF16(2);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per element on disk. */
    public int bytes() {
        return bytes;
    }

    /** The dtype for a header's {@code "dtype"} value, or {@code null} when we do not support it. */
    public static DType fromHeader(String name) {
        if (name == null) {
            return null;
        }
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
