package org.tagllm.knime.engine.safetensors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test-side safetensors builder that writes whatever it is told, byte by byte: any header text (valid or not), any
 * declared header length and any data, or a well-formed header for tensors of any dtype. It shares no code with the
 * reader or the writer, so it can check both.
 *
 * <pre>{@code
 * RawSafetensors.tensors().tensor("w", "F16", new long[] {2}, RawSafetensors.shorts(0x3C00, 0xC000)).write(path);
 * RawSafetensors.header("{\"w\": 5}").write(path);
 * }</pre>
 */
public final class RawSafetensors {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The header built from tensors, or null when the header is fixed. */
    private final ObjectNode entries;
    private final byte[] fixedHeader;
    private Long declaredLength;
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();

    private RawSafetensors(ObjectNode entries, byte[] fixedHeader) {
        this.entries = entries;
        this.fixedHeader = fixedHeader;
    }

    /** A file whose header is exactly {@code json} (as UTF-8). */
    public static RawSafetensors header(String json) {
        return header(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A file whose header is exactly these bytes, e.g. invalid UTF-8. */
    public static RawSafetensors header(byte[] headerBytes) {
        return new RawSafetensors(null, headerBytes.clone());
    }

    /** A file whose header lists the tensors added with {@link #tensor}, back to back. */
    public static RawSafetensors tensors() {
        return new RawSafetensors(JSON.createObjectNode(), null);
    }

    /** Appends a tensor's bytes to the data and its entry (with offsets) to the header. */
    public RawSafetensors tensor(String name, String dtype, long[] shape, byte[] bytes) {
        if (entries == null) {
            throw new IllegalStateException("this builder has a fixed header");
        }
        ObjectNode e = entries.putObject(name);
        e.put("dtype", dtype);
        var s = e.putArray("shape");
        for (long d : shape) {
            s.add(d);
        }
        e.putArray("data_offsets").add(data.size()).add(data.size() + bytes.length);
        data.writeBytes(bytes);
        return this;
    }

    /** Adds a {@code __metadata__} entry (header built from tensors only). */
    public RawSafetensors metadata(String key, String value) {
        if (entries == null) {
            throw new IllegalStateException("this builder has a fixed header");
        }
        ObjectNode meta = entries.has("__metadata__") ? (ObjectNode) entries.get("__metadata__")
                : entries.putObject("__metadata__");
        meta.put(key, value);
        return this;
    }

    /** Appends raw bytes to the data section. */
    public RawSafetensors data(byte[] bytes) {
        data.writeBytes(bytes);
        return this;
    }

    /** Writes this value into the 8-byte length field instead of the header's real length. */
    public RawSafetensors declaredHeaderLength(long length) {
        declaredLength = length;
        return this;
    }

    public Path write(Path file) throws IOException {
        byte[] header = headerBytes();
        ByteBuffer out = ByteBuffer.allocate(8 + header.length + data.size()).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(declaredLength != null ? declaredLength : header.length);
        out.put(header);
        out.put(data.toByteArray());
        Files.write(file, out.array());
        return file;
    }

    private byte[] headerBytes() {
        return entries != null ? entries.toString().getBytes(StandardCharsets.UTF_8) : fixedHeader;
    }

    /** 16-bit values (only the low 16 bits of each int), little-endian. */
    public static byte[] shorts(int... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putShort((short) v);
        }
        return b.array();
    }

    /** float32 values, little-endian. */
    public static byte[] floats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    /** {@code count} zero bytes. */
    public static byte[] zeros(int count) {
        return new byte[count];
    }
}
