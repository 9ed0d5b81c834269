package org.tagllm.knime.engine.safetensors;

import java.nio.ShortBuffer;

/**
 * Widening of 16-bit floats to float32, and narrowing back for writers. Written by hand because
 * {@code Float.float16ToFloat} only exists from Java 20. Widening is exact: every F16 and BF16 value is representable
 * as a float32. Narrowing rounds to nearest, ties to even, as PyTorch's {@code .to(torch.bfloat16/float16)} does.
 */
public final class HalfFloats {

    private static final int CHUNK = 1 << 14;

    private HalfFloats() {}

    /** IEEE 754 binary16 (1 sign, 5 exponent, 10 mantissa bits) to float32; NaN payloads are kept. */
    static float f16ToFloat(short half) {
        int bits = half & 0xFFFF;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1F;
        int mantissa = bits & 0x3FF;
        if (exponent == 0x1F) {
            // Infinity or NaN: all-ones exponent; the mantissa moves to the top, so the quiet bit stays the quiet bit.
            return Float.intBitsToFloat(sign | 0x7F80_0000 | (mantissa << 13));
        }
        if (exponent == 0) {
            // Zero or subnormal: mantissa * 2^-24, which float32 holds exactly as a normal number.
            float magnitude = mantissa * 0x1p-24f;
            return Float.intBitsToFloat(sign | Float.floatToRawIntBits(magnitude));
        }
        // Normal: rebias the exponent from 15 to 127.
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    /** bfloat16 is the upper half of a float32, so widening is a shift. */
    static float bf16ToFloat(short bf16) {
        return Float.intBitsToFloat((bf16 & 0xFFFF) << 16);
    }

    /** float32 to bfloat16, round to nearest even; NaN stays a (quiet) NaN. */
    static short floatToBf16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (short) ((bits >>> 16) | 0x0040);
        }
        int rounding = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }

    /** float32 to IEEE binary16, round to nearest even; overflow becomes infinity, tiny values subnormals or zero. */
    static short floatToF16(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = (bits >>> 23) & 0xFF;
        int mantissa = bits & 0x7F_FFFF;
        if (exponent == 0xFF) {
            return (short) (sign | 0x7C00 | (mantissa != 0 ? 0x0200 | (mantissa >>> 13) : 0));
        }
        int e = exponent - 127 + 15;
        if (e >= 0x1F) {
            return (short) (sign | 0x7C00);
        }
        if (e <= 0) {
            if (e < -10) {
                return (short) sign; // below half the smallest subnormal: zero
            }
            // Subnormal: restore the implicit bit, shift into place, round to nearest even on the dropped bits.
            int m = mantissa | 0x80_0000;
            int shift = 14 - e;
            int half = 1 << (shift - 1);
            int rounded = (m + half - 1 + ((m >>> shift) & 1)) >>> shift;
            return (short) (sign | rounded);
        }
        int rounded = (e << 10 | mantissa >>> 13) + ((mantissa & 0x1FFF) + ((mantissa >>> 13) & 1) > 0x1000 ? 1 : 0);
        // A carry out of the mantissa moves into the exponent, up to infinity: exactly what IEEE rounding wants.
        return (short) (sign | rounded);
    }

    /**
     * Widens {@code count} elements of {@code src} from absolute index {@code from} into {@code dst} from
     * {@code at}; reads with absolute gets, so one view may serve several threads. {@code scratch} holds count shorts.
     */
    public static void widen(ShortBuffer src, int from, DType dtype, short[] scratch, float[] dst, int at,
            int count) {
        src.get(from, scratch, 0, count);
        if (dtype == DType.BF16) {
            for (int i = 0; i < count; i++) {
                dst[at + i] = Float.intBitsToFloat((scratch[i] & 0xFFFF) << 16);
            }
        } else if (dtype == DType.F16) {
            for (int i = 0; i < count; i++) {
                dst[at + i] = f16ToFloat(scratch[i]);
            }
        } else {
            throw new IllegalArgumentException("not a 16-bit dtype: " + dtype);
        }
    }

    /** Widens all remaining elements of {@code src} (F16 or BF16) into a new array. */
    static float[] widen(ShortBuffer src, DType dtype) {
        if (dtype != DType.F16 && dtype != DType.BF16) {
            throw new IllegalArgumentException("not a 16-bit dtype: " + dtype);
        }
        float[] out = new float[src.remaining()];
        short[] chunk = new short[Math.min(CHUNK, out.length)];
        int done = 0;
        while (done < out.length) {
            int n = Math.min(chunk.length, out.length - done);
            src.get(chunk, 0, n);
            if (dtype == DType.BF16) {
                for (int i = 0; i < n; i++) {
                    out[done + i] = bf16ToFloat(chunk[i]);
                }
            } else {
                for (int i = 0; i < n; i++) {
                    out[done + i] = f16ToFloat(chunk[i]);
                }
            }
            done += n;
        }
        return out;
    }
}
