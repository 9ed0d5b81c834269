package org.tagllm.knime.engine.safetensors;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SortedSet;
import org.tagllm.knime.engine.ModelFormatException;

/**
 * One safetensors file, read through memory maps. We use our own reader because DJL's {@code NDList.decode} uses int
 * offsets, copies everything to the heap and crashes on BF16.
 *
 * <p>The header is parsed and validated completely by {@link #open}; tensors are mapped one at a time on
 * {@link #readFloats}, with 64-bit file offsets, so a tensor may start anywhere in a file of any size.
 *
 * <pre>{@code
 * try (SafetensorsFile f = SafetensorsFile.open(path)) {
 *     FloatBuffer w = f.readFloats("model.embed_tokens.weight");
 * }
 * }</pre>
 */
public final class SafetensorsFile implements WeightSource {

    /** Largest header we accept; real headers are a few hundred kilobytes, so more means a corrupt file. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    /** Largest float32 tensor {@link #readFloats} can deliver: Java buffers are int-indexed. */
    public static final long MAX_FLOAT32_BYTES = Integer.MAX_VALUE;

    private static final int LENGTH_PREFIX_BYTES = 8;

    private final Path file;
    private final FileChannel channel;
    private final long dataStart;
    private final SafetensorsHeader header;

    private SafetensorsFile(Path file, FileChannel channel, long dataStart, SafetensorsHeader header) {
        this.file = file;
        this.channel = channel;
        this.dataStart = dataStart;
        this.header = header;
    }

    /**
     * Opens a file and validates its header.
     *
     * @throws ModelFormatException when the file is not a safetensors file we can read; the message names the file
     *                              and, where one is to blame, the tensor
     * @throws IOException          when the file cannot be read at all
     */
    public static SafetensorsFile open(Path file) throws ModelFormatException, IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            long size = channel.size();
            if (size < LENGTH_PREFIX_BYTES) {
                throw new ModelFormatException(file + ": the file is " + size + " bytes long, too short for a "
                        + "safetensors file (it starts with an 8-byte header length)");
            }
            long headerLength = readFully(channel, 0, LENGTH_PREFIX_BYTES).order(ByteOrder.LITTLE_ENDIAN).getLong();
            checkHeaderLength(file, headerLength, size);
            byte[] headerBytes = readFully(channel, LENGTH_PREFIX_BYTES, (int) headerLength).array();
            long dataStart = LENGTH_PREFIX_BYTES + headerLength;
            SafetensorsHeader header = SafetensorsHeader.parse(headerBytes, size - dataStart, file);
            return new SafetensorsFile(file, channel, dataStart, header);
        } catch (Throwable e) {
            try {
                channel.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    private static void checkHeaderLength(Path file, long headerLength, long fileSize) throws ModelFormatException {
        if (headerLength == 0) {
            throw new ModelFormatException(file + ": the safetensors header length is 0; a header is at least '{}'");
        }
        // The length is an unsigned 64-bit number: a negative long is a huge value.
        if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
            throw new ModelFormatException(file + ": the safetensors header length " + Long.toUnsignedString(
                    headerLength) + " exceeds the " + MAX_HEADER_BYTES + "-byte limit; this is not a safetensors "
                    + "file or it is corrupt");
        }
        if (headerLength > fileSize - LENGTH_PREFIX_BYTES) {
            throw new ModelFormatException(file + ": the safetensors header length " + headerLength
                    + " reaches beyond the end of the " + fileSize + "-byte file (truncated file?)");
        }
    }

    private static ByteBuffer readFully(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new EOFException("unexpected end of file at byte " + (position + buffer.position()));
            }
        }
        return buffer.flip();
    }

    public Path file() {
        return file;
    }

    /** The header's {@code __metadata__} (empty when absent), in file order. */
    public Map<String, String> metadata() {
        return header.metadata();
    }

    /** Every tensor's header entry, by name. */
    public NavigableMap<String, TensorInfo> infos() {
        return header.tensors();
    }

    @Override
    public SortedSet<String> names() {
        return header.tensors().navigableKeySet();
    }

    @Override
    public TensorInfo info(String name) {
        return header.tensors().get(name);
    }

    /**
     * The tensor as float32. F32 data comes back as a little-endian view of the mapped file (no copy); F16 and BF16
     * are widened into a new heap buffer.
     *
     * @throws IllegalArgumentException when the file has no such tensor
     * @throws IOException              when the tensor is too large for one Java buffer, or on a read failure
     */
    @Override
    public FloatBuffer readFloats(String name) throws IOException {
        TensorInfo info = info(name);
        if (info == null) {
            throw new IllegalArgumentException(file + ": there is no tensor '" + name + "'");
        }
        long float32Bytes = Math.multiplyExact(info.elementCount(), (long) Float.BYTES);
        if (float32Bytes > MAX_FLOAT32_BYTES) {
            throw new IOException(file + ": tensor '" + name + "' " + info.dtype() + Arrays.toString(info.shape())
                    + " needs " + float32Bytes + " bytes as float32, more than the " + MAX_FLOAT32_BYTES
                    + " bytes one Java buffer can hold");
        }
        MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + info.begin(),
                info.byteLength());
        ByteBuffer bytes = mapped.order(ByteOrder.LITTLE_ENDIAN);
        if (info.dtype() == DType.F32) {
            return bytes.asFloatBuffer();
        }
        return FloatBuffer.wrap(HalfFloats.widen(bytes.asShortBuffer(), info.dtype()));
    }

    /** F16 and BF16 tensors as a read-only view of the mapped file; {@code null} for F32. */
    @Override
    public ShortBuffer halfView(String name) throws IOException {
        TensorInfo info = info(name);
        if (info == null) {
            throw new IllegalArgumentException(file + ": there is no tensor '" + name + "'");
        }
        if (info.dtype() == DType.F32) {
            return null;
        }
        if (info.byteLength() > Integer.MAX_VALUE) {
            throw new IOException(file + ": tensor '" + name + "' " + info.dtype() + Arrays.toString(info.shape())
                    + " takes " + info.byteLength() + " bytes, more than one memory map of " + Integer.MAX_VALUE);
        }
        return channel.map(FileChannel.MapMode.READ_ONLY, dataStart + info.begin(), info.byteLength())
                .order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
    }

    /** Closes the file; later reads fail. Mapped regions are freed by the garbage collector (Java 17 cannot unmap). */
    @Override
    public void close() throws IOException {
        channel.close();
    }

    @Override
    public String toString() {
        return "SafetensorsFile[" + file + ", " + header.tensors().size() + " tensors]";
    }
}
