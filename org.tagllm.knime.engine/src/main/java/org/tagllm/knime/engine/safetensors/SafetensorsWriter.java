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
import java.util.LinkedHashMap;
import java.util.Map;

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
        if (tensors.putIfAbsent(name, new Entry(shape.clone(), data)) != null) {
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
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
                out.write(len.array());
                out.write(header);
                ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
                for (Entry e : tensors.values()) {
                    FloatBuffer src = FloatBuffer.wrap(e.data);
                    while (src.hasRemaining()) {
                        chunk.clear();
                        FloatBuffer view = chunk.asFloatBuffer();
                        int n = Math.min(view.remaining(), src.remaining());
                        for (int i = 0; i < n; i++) {
                            view.put(src.get());
                        }
                        out.write(chunk.array(), 0, n * Float.BYTES);
                    }
                }
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
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
        StringBuilder text = new StringBuilder(root.toString());
        while (text.toString().getBytes(StandardCharsets.UTF_8).length % 8 != 0) {
            text.append(' ');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }
}
