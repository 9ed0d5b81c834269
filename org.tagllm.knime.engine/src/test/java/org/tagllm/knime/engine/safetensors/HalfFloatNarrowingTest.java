package org.tagllm.knime.engine.safetensors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** float32 to F16/BF16 rounds to nearest, ties to even, checked against the exact widening over all 65,536 codes. */
class HalfFloatNarrowingTest {

    @Test
    void everyF16ValueRoundTripsAndMidpointsRoundToEven() {
        for (int code = 0; code < 0x7BFF; code++) { // positive finite values below the largest; sign is one bit
            float v = HalfFloats.f16ToFloat((short) code);
            assertEquals(code, HalfFloats.floatToF16(v) & 0xFFFF, "round trip of " + v);
            assertEquals(code | 0x8000, HalfFloats.floatToF16(-v) & 0xFFFF, "round trip of " + -v);
            float next = HalfFloats.f16ToFloat((short) (code + 1));
            float mid = (v + next) / 2; // exact in float32: both have at most 11 significant bits
            int even = (code & 1) == 0 ? code : code + 1;
            assertEquals(even, HalfFloats.floatToF16(mid) & 0xFFFF, "midpoint " + mid + " ties to even");
            assertEquals(code + 1, HalfFloats.floatToF16(Math.nextUp(mid)) & 0xFFFF, "just above " + mid);
            assertEquals(code, HalfFloats.floatToF16(Math.nextDown(mid)) & 0xFFFF, "just below " + mid);
        }
        assertEquals(0x7C00, HalfFloats.floatToF16(70000f) & 0xFFFF, "overflow is infinity");
        assertEquals(0x7C00, HalfFloats.floatToF16(Float.POSITIVE_INFINITY) & 0xFFFF);
        assertEquals(0, HalfFloats.floatToF16(1e-9f) & 0xFFFF, "underflow is zero");
        assertEquals(true, Float.isNaN(HalfFloats.f16ToFloat(HalfFloats.floatToF16(Float.NaN))));
    }

    @Test
    void everyBf16ValueRoundTripsAndMidpointsRoundToEven() {
        for (int code = 0; code < 0x7F7F; code++) {
            float v = HalfFloats.bf16ToFloat((short) code);
            assertEquals(code, HalfFloats.floatToBf16(v) & 0xFFFF, "round trip of " + v);
            float next = HalfFloats.bf16ToFloat((short) (code + 1));
            float mid = Float.intBitsToFloat((Float.floatToRawIntBits(v) + Float.floatToRawIntBits(next)) >>> 1);
            int even = (code & 1) == 0 ? code : code + 1;
            assertEquals(even, HalfFloats.floatToBf16(mid) & 0xFFFF, "midpoint " + mid + " ties to even");
            assertEquals(code + 1, HalfFloats.floatToBf16(Math.nextUp(mid)) & 0xFFFF, "just above " + mid);
        }
        assertEquals(true, Float.isNaN(HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(Float.NaN))));
    }
}
