package org.tagllm.knime.engine.safetensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tagllm.knime.engine.safetensors.SafetensorsRoundTripTest.assertBitsEqual;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files beyond 2 and 4 GiB, made sparse with {@link RandomAccessFile#setLength} so they cost no disk space. Catches any
 * int arithmetic on offsets and the int limit of Java buffers.
 */
class LargeFileTest {

    private static final long GIB = 1L << 30;

    @TempDir
    Path tmp;

    private Path file;

    @AfterEach
    void deleteSparseFile() throws IOException {
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void tensorsBeyondFourGibibytesReadBack() throws Exception {
        long far = 4 * GIB + 20;
        long far16 = 4 * GIB + 1000;
        String header = "{\"near\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"far\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[" + far + "," + (far + 12) + "]},"
                + "\"far16\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[" + far16 + "," + (far16 + 4) + "]}}";
        file = tmp.resolve("huge.safetensors");
        long dataStart = writeSparse(file, header, 5 * GIB);
        poke(file, dataStart, RawSafetensors.floats(1.25f, -3f));
        poke(file, dataStart + far, RawSafetensors.floats(7f, Float.MIN_VALUE, -0.0f));
        poke(file, dataStart + far16, RawSafetensors.shorts(0x3C00, 0xC000));

        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertEquals(far, f.info("far").begin());
            assertBitsEqual(new float[] {1.25f, -3f}, f.readFloats("near"));
            assertBitsEqual(new float[] {7f, Float.MIN_VALUE, -0.0f}, f.readFloats("far"));
            assertBitsEqual(new float[] {1f, -2f}, f.readFloats("far16"));
        }
    }

    /** Just under the limit: 2^29 - 1 floats (2 GiB - 4 bytes) is still one mapped view. */
    @Test
    void largestReadableF32TensorIsMapped() throws Exception {
        long count = (1L << 29) - 1;
        file = tmp.resolve("edge.safetensors");
        long dataStart = writeSparse(file, f32Header("edge", count, 0), 0);
        poke(file, dataStart + (count - 1) * 4, RawSafetensors.floats(42f));
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            FloatBuffer edge = f.readFloats("edge");
            assertEquals(count, edge.remaining());
            assertEquals(0f, edge.get(0));
            assertEquals(42f, edge.get((int) count - 1));
        }
    }

    @Test
    void f32TensorAboveTwoGibibytesFailsClearly() throws Exception {
        file = tmp.resolve("toobig.safetensors");
        writeSparse(file, f32Header("w.big", 1L << 29, 0), 0);
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            IOException e = assertThrows(IOException.class, () -> f.readFloats("w.big"));
            assertMentions(e, "'w.big'", "toobig.safetensors", "2147483648", "2147483647");
        }
    }

    /** 1 GiB of F16 on disk is 2 GiB once widened. */
    @Test
    void f16TensorThatWidensAboveTwoGibibytesFailsClearly() throws Exception {
        file = tmp.resolve("toobig16.safetensors");
        String header = "{\"w.half\":{\"dtype\":\"F16\",\"shape\":[" + (1L << 29) + "],\"data_offsets\":[0,"
                + GIB + "]}}";
        writeSparse(file, header, 0);
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            IOException e = assertThrows(IOException.class, () -> f.readFloats("w.half"));
            assertMentions(e, "'w.half'", "F16", "2147483647");
        }
    }

    private static String f32Header(String name, long count, long begin) {
        return "{\"" + name + "\":{\"dtype\":\"F32\",\"shape\":[" + count + "],\"data_offsets\":[" + begin + ","
                + (begin + count * 4) + "]}}";
    }

    /**
     * Writes the length prefix and header, then extends the file sparsely to {@code length} or, when that is 0, to the
     * end of the last tensor. Returns where the data section starts.
     */
    private static long writeSparse(Path file, String header, long length) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        long dataStart = 8 + h.length;
        long dataEnd = 0;
        for (String part : header.split("\"data_offsets\":\\[")) {
            if (Character.isDigit(part.charAt(0))) {
                dataEnd = Math.max(dataEnd, Long.parseLong(part.substring(part.indexOf(',') + 1, part.indexOf(']'))));
            }
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
            raf.write(h);
            raf.setLength(length > 0 ? length : dataStart + dataEnd);
        }
        return dataStart;
    }

    private static void poke(Path file, long position, byte[] bytes) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(position);
            raf.write(bytes);
        }
    }

    private static void assertMentions(Exception e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), () -> "mentions '" + p + "': " + e.getMessage());
        }
    }
}
