package org.tagllm.knime.engine.safetensors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tagllm.knime.engine.io.AtomicFiles;

/**
 * Writes float32 tensors as one safetensors file, atomically (temporary file in the same folder, then rename).
 * The header is padded with spaces to a multiple of 8 bytes, as the format recommends for aligned reads.
 *
 * <pre>{@code
 * new SafetensorsWriter().put("w", new long[] {2, 3}, floats).metadata("format", "pt").write(path);
 * }</pre>
 */
public final class SafetensorsWriter {

    private record Entry(long[] shape, float[] data) {}

    private final Map<String, Entry> tensors = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    /** Adds a float32 tensor; {@code data.length} must equal the product of {@code shape}. */
    public SafetensorsWriter put(String name, long[] shape, float[] data) {
        long count = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor " + name + ": negative dimension " + d);
            }
            count = Math.multiplyExact(count, d);
        }
        if (count != data.length) {
            throw new IllegalArgumentException("tensor " + name + ": shape holds " + count + " elements but "
                    + data.length + " were given");
        }
        // Copied so that later changes to the caller's array cannot reach the file.
        if (tensors.putIfAbsent(name, new Entry(shape.clone(), data.clone())) != null) {
            throw new IllegalArgumentException("tensor " + name + " added twice");
        }
        return this;
    }

    /** Adds a string pair to the header's {@code __metadata__}. */
    public SafetensorsWriter metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    /** Writes the file; an existing file at {@code target} is replaced only once the new one is complete. */
    public void write(Path target) throws IOException {
        byte[] header = headerBytes();
        AtomicFiles.write(target, out -> {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
            out.write(len.array());
            out.write(header);
            ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (Entry e : tensors.values()) {
                writeFloats(e.data, chunk, out);
            }
        });
    }

    private static void writeFloats(float[] data, ByteBuffer chunk, OutputStream out) throws IOException {
        int floatsPerChunk = chunk.capacity() / Float.BYTES;
        for (int start = 0; start < data.length; start += floatsPerChunk) {
            int n = Math.min(floatsPerChunk, data.length - start);
            chunk.clear();
            chunk.asFloatBuffer().put(data, start, n);
            out.write(chunk.array(), 0, n * Float.BYTES);
        }
    }

    private byte[] headerBytes() {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = root.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, Entry> e : tensors.entrySet()) {
            ObjectNode t = root.putObject(e.getKey());
            t.put("dtype", DType.F32.name());
            var shape = t.putArray("shape");
            for (long d : e.getValue().shape) {
                shape.add(d);
            }
            long bytes = (long) e.getValue().data.length * Float.BYTES;
            var offsets = t.putArray("data_offsets");
            offsets.add(offset);
            offsets.add(offset + bytes);
            offset += bytes;
        }
        return paddedHeader(root.toString());
    }

    /** A header's JSON padded with spaces to a multiple of 8 bytes, so the tensor data after it stays aligned. */
    static byte[] paddedHeader(String json) {
        byte[] text = json.getBytes(StandardCharsets.UTF_8);
        byte[] padded = new byte[(text.length + 7) / 8 * 8];
        Arrays.fill(padded, (byte) ' ');
        System.arraycopy(text, 0, padded, 0, text.length);
        return padded;
    }
}
