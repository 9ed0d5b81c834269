package org.tagllm.knime.engine.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsRoundTripTest {

    @TempDir
    Path tmp;

    private static final float[] SPECIAL = {
        Float.NaN, Float.intBitsToFloat(0x7FC0_1234), Float.intBitsToFloat(0xFFC0_0001), -0.0f, 0.0f,
        Float.MIN_VALUE, -Float.MIN_VALUE, Float.intBitsToFloat(0x007F_FFFF), Float.MIN_NORMAL, Float.MAX_VALUE,
        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1.0f, -1.5f
    };

    @Test
    void writtenTensorsReadBackBitExact() throws Exception {
        Random random = new Random(20240611L);
        float[] matrix = new float[3 * 5];
        for (int i = 0; i < matrix.length; i++) {
            matrix[i] = Float.intBitsToFloat(random.nextInt());
        }
        float[] scalar = {Float.intBitsToFloat(random.nextInt())};
        Path file = tmp.resolve("m.safetensors");
        new SafetensorsWriter()
                .put("b.matrix", new long[] {3, 5}, matrix)
                .put("a.special", new long[] {SPECIAL.length}, SPECIAL)
                .put("c.scalar", new long[] {}, scalar)
                .put("d.empty", new long[] {0, 4}, new float[0])
                .write(file);

        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertEquals(List.of("a.special", "b.matrix", "c.scalar", "d.empty"), List.copyOf(f.names()));
            assertEquals(f.names(), f.infos().keySet());
            assertBitsEqual(matrix, f.readFloats("b.matrix"));
            assertBitsEqual(SPECIAL, f.readFloats("a.special"));
            assertBitsEqual(scalar, f.readFloats("c.scalar"));
            assertEquals(0, f.readFloats("d.empty").remaining());

            TensorInfo info = f.info("b.matrix");
            assertEquals(DType.F32, info.dtype());
            assertArrayEquals(new long[] {3, 5}, info.shape());
            assertArrayEquals(new long[] {}, f.info("c.scalar").shape());
            assertNull(f.info("missing"));
            assertTrue(f.metadata().isEmpty());
        }
    }

    /** F32 comes back as a view of the mapped file, not a heap copy. */
    @Test
    void f32IsAZeroCopyLittleEndianView() throws Exception {
        Path file = tmp.resolve("v.safetensors");
        new SafetensorsWriter().put("w", new long[] {2}, new float[] {1.5f, -2.25f}).write(file);
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            FloatBuffer w = f.readFloats("w");
            assertTrue(w.isDirect());
            assertTrue(w.isReadOnly());
            assertEquals(ByteOrder.LITTLE_ENDIAN, w.order());
            assertBitsEqual(new float[] {1.5f, -2.25f}, w);
        }
    }

    @Test
    void metadataRoundTrips() throws Exception {
        Path file = tmp.resolve("meta.safetensors");
        new SafetensorsWriter().metadata("format", "pt").metadata("note", "ünïcode ✓")
                .put("w", new long[] {1}, new float[] {3f}).write(file);
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertEquals(Map.of("format", "pt", "note", "ünïcode ✓"), f.metadata());
            assertEquals(List.of("w"), List.copyOf(f.names()));
        }
    }

    @Test
    void headerIsPaddedToEightBytesAndDataFollowsIt() throws Exception {
        Path file = tmp.resolve("pad.safetensors");
        new SafetensorsWriter().put("odd_name_x", new long[] {3}, new float[] {1f, 2f, 3f}).write(file);
        byte[] bytes = Files.readAllBytes(file);
        long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8);
        assertEquals(8 + headerLength + 12, bytes.length);
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertEquals(0, f.info("odd_name_x").begin());
            assertBitsEqual(new float[] {1f, 2f, 3f}, f.readFloats("odd_name_x"));
        }
    }

    @Test
    void unknownNameNamesTheTensorAndTheFile() throws Exception {
        Path file = tmp.resolve("known.safetensors");
        new SafetensorsWriter().put("w", new long[] {1}, new float[] {1f}).write(file);
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.readFloats("nope"));
            assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
            assertTrue(e.getMessage().contains("known.safetensors"), e.getMessage());
        }
    }

    @Test
    void readingAfterCloseFails() throws Exception {
        Path file = tmp.resolve("closed.safetensors");
        new SafetensorsWriter().put("w", new long[] {1}, new float[] {1f}).write(file);
        SafetensorsFile f = SafetensorsFile.open(file);
        f.close();
        assertThrows(IOException.class, () -> f.readFloats("w"));
    }

    static void assertBitsEqual(float[] expected, FloatBuffer actual) {
        assertEquals(expected.length, actual.remaining(), "element count");
        for (int i = 0; i < expected.length; i++) {
            float value = actual.get(actual.position() + i);
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(value), "element " + i);
        }
    }
}
