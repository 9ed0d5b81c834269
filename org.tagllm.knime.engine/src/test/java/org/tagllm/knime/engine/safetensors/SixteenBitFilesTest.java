package org.tagllm.knime.engine.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tagllm.knime.engine.safetensors.SafetensorsRoundTripTest.assertBitsEqual;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** F16 and BF16 files built byte by byte, independently of the reader, and widened on read. */
class SixteenBitFilesTest {

    @TempDir
    Path tmp;

    @Test
    void f16FileWidensToKnownValues() throws Exception {
        Path file = RawSafetensors.tensors()
                .tensor("h", "F16", new long[] {2, 4},
                        RawSafetensors.shorts(0x3C00, 0xC000, 0x7BFF, 0x0001, 0x8000, 0x7C00, 0xFC00, 0x3555))
                .tensor("nan", "F16", new long[] {1}, RawSafetensors.shorts(0x7E00))
                .write(tmp.resolve("half.safetensors"));
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertEquals(DType.F16, f.info("h").dtype());
            assertArrayEquals(new long[] {2, 4}, f.info("h").shape());
            FloatBuffer h = f.readFloats("h");
            assertFalse(h.isDirect(), "widened data is a heap copy");
            assertBitsEqual(new float[] {1.0f, -2.0f, 65504.0f, 0x1p-24f, -0.0f, Float.POSITIVE_INFINITY,
                Float.NEGATIVE_INFINITY, 0.333251953125f}, h);
            assertTrue(Float.isNaN(f.readFloats("nan").get(0)));
        }
    }

    @Test
    void bf16FileWidensToKnownValues() throws Exception {
        Path file = RawSafetensors.tensors()
                .tensor("b", "BF16", new long[] {3, 2},
                        RawSafetensors.shorts(0x3F80, 0xC000, 0x4049, 0x0001, 0x7F80, 0x8000))
                .write(tmp.resolve("bf16.safetensors"));
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertEquals(DType.BF16, f.info("b").dtype());
            assertBitsEqual(new float[] {1.0f, -2.0f, 3.140625f, 0x1p-133f, Float.POSITIVE_INFINITY, -0.0f},
                    f.readFloats("b"));
        }
    }

    /** Mixed dtypes, an odd-length 16-bit tensor that leaves the next one unaligned, and metadata. */
    @Test
    void mixedDtypesReadIndependently() throws Exception {
        Path file = RawSafetensors.tensors()
                .metadata("format", "pt")
                .tensor("a_f16", "F16", new long[] {3}, RawSafetensors.shorts(0x3C00, 0x4000, 0x4200))
                .tensor("b_f32", "F32", new long[] {2}, RawSafetensors.floats(0.1f, -7.5f))
                .tensor("c_bf16", "BF16", new long[] {1}, RawSafetensors.shorts(0xBF80))
                .write(tmp.resolve("mixed.safetensors"));
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertEquals(Map.of("format", "pt"), f.metadata());
            assertEquals(6, f.info("b_f32").begin(), "F32 data starts at an unaligned offset");
            assertBitsEqual(new float[] {1f, 2f, 3f}, f.readFloats("a_f16"));
            assertBitsEqual(new float[] {0.1f, -7.5f}, f.readFloats("b_f32"));
            assertBitsEqual(new float[] {-1f}, f.readFloats("c_bf16"));
        }
    }
}
