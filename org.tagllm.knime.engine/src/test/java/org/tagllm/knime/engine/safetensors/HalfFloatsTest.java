package org.tagllm.knime.engine.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ShortBuffer;
import org.junit.jupiter.api.Test;

class HalfFloatsTest {

    @Test
    void knownF16Patterns() {
        assertBits(1.0f, HalfFloats.f16ToFloat((short) 0x3C00));
        assertBits(-2.0f, HalfFloats.f16ToFloat((short) 0xC000));
        assertBits(65504.0f, HalfFloats.f16ToFloat((short) 0x7BFF));
        assertBits(0x1p-24f, HalfFloats.f16ToFloat((short) 0x0001));
        assertBits(1023 * 0x1p-24f, HalfFloats.f16ToFloat((short) 0x03FF));
        assertBits(0x1p-14f, HalfFloats.f16ToFloat((short) 0x0400));
        assertBits(0.0f, HalfFloats.f16ToFloat((short) 0x0000));
        assertBits(-0.0f, HalfFloats.f16ToFloat((short) 0x8000));
        assertBits(Float.POSITIVE_INFINITY, HalfFloats.f16ToFloat((short) 0x7C00));
        assertBits(Float.NEGATIVE_INFINITY, HalfFloats.f16ToFloat((short) 0xFC00));
        assertBits(0.333251953125f, HalfFloats.f16ToFloat((short) 0x3555));
        assertTrue(Float.isNaN(HalfFloats.f16ToFloat((short) 0x7E00)));
        assertTrue(Float.isNaN(HalfFloats.f16ToFloat((short) 0xFC01)));
    }

    @Test
    void knownBf16Patterns() {
        assertBits(1.0f, HalfFloats.bf16ToFloat((short) 0x3F80));
        assertBits(-2.0f, HalfFloats.bf16ToFloat((short) 0xC000));
        assertBits(3.140625f, HalfFloats.bf16ToFloat((short) 0x4049));
        assertBits(0x1p-133f, HalfFloats.bf16ToFloat((short) 0x0001));
        assertBits(-0.0f, HalfFloats.bf16ToFloat((short) 0x8000));
        assertBits(Float.POSITIVE_INFINITY, HalfFloats.bf16ToFloat((short) 0x7F80));
        assertBits(Float.NEGATIVE_INFINITY, HalfFloats.bf16ToFloat((short) 0xFF80));
        assertBits(0x1.FEp127f, HalfFloats.bf16ToFloat((short) 0x7F7F));
        assertTrue(Float.isNaN(HalfFloats.bf16ToFloat((short) 0x7FC0)));
    }

    /** All 65536 patterns against sign * 2^(e-15) * (1 + m/1024), computed in double. */
    @Test
    void everyF16PatternMatchesTheFormula() {
        for (int bits = 0; bits < 1 << 16; bits++) {
            float actual = HalfFloats.f16ToFloat((short) bits);
            int sign = bits >>> 15;
            int e = (bits >>> 10) & 0x1F;
            int m = bits & 0x3FF;
            if (e == 0x1F && m != 0) {
                assertTrue(Float.isNaN(actual), hex(bits));
                int raw = Float.floatToRawIntBits(actual);
                assertEquals(m, (raw >>> 13) & 0x3FF, "NaN payload of " + hex(bits));
                assertEquals(sign, raw >>> 31, "NaN sign of " + hex(bits));
                continue;
            }
            assertEquals(Float.floatToRawIntBits((float) formula(bits, 10)), Float.floatToRawIntBits(actual),
                    hex(bits));
        }
    }

    /** All 65536 patterns against sign * 2^(e-127) * (1 + m/128), computed in double. */
    @Test
    void everyBf16PatternMatchesTheFormula() {
        for (int bits = 0; bits < 1 << 16; bits++) {
            float actual = HalfFloats.bf16ToFloat((short) bits);
            int e = (bits >>> 7) & 0xFF;
            int m = bits & 0x7F;
            if (e == 0xFF && m != 0) {
                assertTrue(Float.isNaN(actual), hex(bits));
                continue;
            }
            assertEquals(Float.floatToRawIntBits((float) formula(bits, 7)), Float.floatToRawIntBits(actual),
                    hex(bits));
        }
    }

    /**
     * The value of a 16-bit pattern with {@code mantissaBits} fraction bits (and the rest of 15 for the exponent),
     * computed in double: sign * 2^(e - bias) * (1 + m / 2^mantissaBits); sign * 2^(1 - bias) * (m / 2^mantissaBits)
     * when e is 0; infinite when e is all ones (a NaN pattern is the caller's).
     */
    private static double formula(int bits, int mantissaBits) {
        int exponentBits = 15 - mantissaBits;
        int allOnes = (1 << exponentBits) - 1;
        int bias = allOnes >> 1;
        int e = (bits >>> mantissaBits) & allOnes;
        int m = bits & ((1 << mantissaBits) - 1);
        double s = (bits >>> 15) == 1 ? -1.0 : 1.0;
        double fraction = m / (double) (1 << mantissaBits);
        return e == allOnes ? s * Double.POSITIVE_INFINITY
                : e == 0 ? s * Math.pow(2, 1 - bias) * fraction
                : s * Math.pow(2, e - bias) * (1 + fraction);
    }

    /** Widening crosses the internal chunk size, so chunk boundaries are covered. */
    @Test
    void widenConvertsEveryElementInOrder() {
        short[] halves = new short[40_000];
        for (int i = 0; i < halves.length; i++) {
            halves[i] = (short) (i * 7919);
        }
        float[] f16 = HalfFloats.widen(ShortBuffer.wrap(halves), DType.F16);
        float[] bf16 = HalfFloats.widen(ShortBuffer.wrap(halves), DType.BF16);
        float[] expectedF16 = new float[halves.length];
        float[] expectedBf16 = new float[halves.length];
        for (int i = 0; i < halves.length; i++) {
            expectedF16[i] = HalfFloats.f16ToFloat(halves[i]);
            expectedBf16[i] = HalfFloats.bf16ToFloat(halves[i]);
        }
        assertArrayEquals(rawBits(expectedF16), rawBits(f16));
        assertArrayEquals(rawBits(expectedBf16), rawBits(bf16));
        assertEquals(0, HalfFloats.widen(ShortBuffer.allocate(0), DType.F16).length);
        assertThrows(IllegalArgumentException.class, () -> HalfFloats.widen(ShortBuffer.allocate(1), DType.F32));
    }

    private static int[] rawBits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }

    private static void assertBits(float expected, float actual) {
        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(actual),
                () -> "expected " + expected + " but got " + actual);
    }

    private static String hex(int bits) {
        return String.format("0x%04X", bits);
    }
}
