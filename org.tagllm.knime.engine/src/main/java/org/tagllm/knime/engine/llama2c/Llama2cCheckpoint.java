package org.tagllm.knime.engine.llama2c;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.tagllm.knime.engine.ModelFormatException;

/**
 * An open llama2.c legacy checkpoint ({@code run.c}'s format, {@code export.py --version 0}): a validated header and
 * random access to its float32 tensors. Opening checks the whole layout against the file size, so a truncated or
 * foreign file fails before any tensor is read.
 */
public final class Llama2cCheckpoint implements AutoCloseable {

    private static final int CHUNK_BYTES = 1 << 20;

    private final Path file;
    private final Llama2cHeader header;
    private final FileChannel channel;

    private Llama2cCheckpoint(Path file, Llama2cHeader header, FileChannel channel) {
        this.file = file;
        this.header = header;
        this.channel = channel;
    }

    /**
     * Opens and validates a checkpoint.
     *
     * @throws ModelFormatException when the file is missing, a pickle or zip, has an impossible header, or its size
     *                              differs from the size the header implies
     */
    public static Llama2cCheckpoint open(Path file) throws IOException, ModelFormatException {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new ModelFormatException(file + ": llama2.c checkpoint not found", e);
        }
        try {
            Llama2cHeader header = validate(file, channel);
            return new Llama2cCheckpoint(file, header, channel);
        } catch (IOException | ModelFormatException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static Llama2cHeader validate(Path file, FileChannel channel) throws IOException, ModelFormatException {
        long size = channel.size();
        ByteBuffer head = ByteBuffer.allocate((int) Math.min(size, Llama2cHeader.BYTES)).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, head, 0);
        String problem;
        RuntimeException cause = null;
        if (size < Llama2cHeader.BYTES) {
            problem = "only " + size + " bytes; a llama2.c checkpoint starts with a " + Llama2cHeader.BYTES
                    + "-byte header";
        } else {
            head.flip();
            int[] v = new int[7];
            for (int i = 0; i < v.length; i++) {
                v[i] = head.getInt();
            }
            try {
                Llama2cHeader header = Llama2cHeader.of(v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
                long expected = header.expectedFileSize();
                if (size == expected) {
                    return header;
                }
                problem = "size mismatch: the header (" + header.describe() + ") implies " + expected
                        + " bytes, but the file has " + size + " bytes" + sizeHint(header, size);
            } catch (IllegalArgumentException e) {
                problem = "not a llama2.c checkpoint: " + e.getMessage();
                cause = e;
            } catch (ArithmeticException e) {
                problem = "not a llama2.c checkpoint: its header implies more than 2^63 bytes";
                cause = e;
            }
        }
        // Only an inconsistent file counts as a pickle: a real header can begin alike (dim 896 is 80 03 00 00).
        if (PickleSniffer.looksLikePickle(head.array())) {
            throw new ModelFormatException(file + ": " + PickleSniffer.REASON, cause);
        }
        throw new ModelFormatException(file + ": " + problem, cause);
    }

    private static String sizeHint(Llama2cHeader header, long size) {
        long other;
        try {
            other = header.fileSize(header.sharedClassifier());
        } catch (ArithmeticException e) {
            other = -1;
        }
        if (size == other) {
            return header.sharedClassifier()
                    ? " (that is the size with a separate classifier, yet vocab_size is positive)"
                    : " (that is the size without a classifier, yet vocab_size is negative)";
        }
        return size < header.expectedFileSize() ? " (truncated?)" : " (trailing data or a newer export version?)";
    }

    public Path file() {
        return file;
    }

    public Llama2cHeader header() {
        return header;
    }

    /**
     * Reads one layer's slice of a tensor (layer 0 for tensors that are not per layer), row-major.
     *
     * @throws ModelFormatException if the slice holds more than {@code Integer.MAX_VALUE} floats
     */
    public float[] read(Llama2cTensor tensor, int layer) throws IOException, ModelFormatException {
        long count = tensor.elementsPerLayer(header);
        if (count > Integer.MAX_VALUE) {
            throw new ModelFormatException(file + ": tensor " + tensor + " has " + count
                    + " elements, more than one Java array holds");
        }
        float[] out = new float[(int) count];
        long position = header.offset(tensor, layer);
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        int done = 0;
        while (done < out.length) {
            int n = Math.min(out.length - done, CHUNK_BYTES / Float.BYTES);
            chunk.clear().limit(n * Float.BYTES);
            readFully(channel, chunk, position);
            chunk.flip();
            chunk.asFloatBuffer().get(out, done, n);
            done += n;
            position += (long) n * Float.BYTES;
        }
        return out;
    }

    private static void readFully(FileChannel channel, ByteBuffer target, long position) throws IOException {
        long p = position;
        while (target.hasRemaining()) {
            int n = channel.read(target, p);
            if (n < 0) {
                throw new EOFException("unexpected end of file at byte " + p);
            }
            p += n;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
