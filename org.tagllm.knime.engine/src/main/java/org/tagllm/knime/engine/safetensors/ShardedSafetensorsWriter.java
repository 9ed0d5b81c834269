package org.tagllm.knime.engine.safetensors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes tensors whose values are produced chunk by chunk, in F32, F16 or BF16, as Hugging Face shards
 * ({@code model-00001-of-00003.safetensors} …) with a {@code model.safetensors.index.json}, or as one
 * {@code model.safetensors} when everything fits one shard. Memory stays at one chunk whatever the model's size: the
 * headers are computed from the shapes before any value exists.
 *
 * <pre>{@code
 * new ShardedSafetensorsWriter(DType.BF16, 2L << 30).add("w", new long[] {4096, 4096}, filler).writeInto(dir);
 * }</pre>
 */
public final class ShardedSafetensorsWriter {

    /** Elements per chunk handed to a {@link Filler}; chunk k of a tensor starts at element k × CHUNK. */
    public static final int CHUNK = 1 << 20;

    /** Produces a tensor's values, one chunk at a time, in row-major order. */
    @FunctionalInterface
    public interface Filler {
        /**
         * Fills {@code out[0..count)} with elements {@code chunk × CHUNK ..}; {@code count} is CHUNK except for the
         * last chunk.
         */
        void fill(long chunk, float[] out, int count);
    }

    private record Planned(String name, long[] shape, long elements, Filler filler) {}

    private final DType dtype;
    private final long maxShardBytes;
    private final List<Planned> tensors = new ArrayList<>();

    /** @param maxShardBytes a new shard starts when the next tensor would take the current one past this */
    public ShardedSafetensorsWriter(DType dtype, long maxShardBytes) {
        if (maxShardBytes < 1) {
            throw new IllegalArgumentException("the shard size must be positive, got " + maxShardBytes);
        }
        this.dtype = dtype;
        this.maxShardBytes = maxShardBytes;
    }

    public ShardedSafetensorsWriter add(String name, long[] shape, Filler filler) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor " + name + ": negative dimension " + d);
            }
            n = Math.multiplyExact(n, d);
        }
        if (tensors.stream().anyMatch(t -> t.name.equals(name))) {
            throw new IllegalArgumentException("tensor " + name + " added twice");
        }
        tensors.add(new Planned(name, shape.clone(), n, filler));
        return this;
    }

    /**
     * Writes the shard files (and the index when there are several) into {@code dir}, which must exist. Stage the
     * folder (e.g. {@code StagedDirectory}) when a half-written model must never be seen.
     *
     * @return the files written, shards first
     */
    public List<Path> writeInto(Path dir) throws IOException {
        List<List<Planned>> shards = shards();
        List<Path> written = new ArrayList<>();
        Map<String, String> weightMap = new LinkedHashMap<>();
        long total = 0;
        for (int s = 0; s < shards.size(); s++) {
            String fileName = shards.size() == 1 ? "model.safetensors"
                    : String.format("model-%05d-of-%05d.safetensors", s + 1, shards.size());
            Path file = dir.resolve(fileName);
            writeShard(file, shards.get(s));
            for (Planned t : shards.get(s)) {
                weightMap.put(t.name, fileName);
                total += t.elements * dtype.bytes();
            }
            written.add(file);
        }
        if (shards.size() > 1) {
            ObjectMapper json = new ObjectMapper();
            ObjectNode root = json.createObjectNode();
            root.putObject("metadata").put("total_size", total);
            ObjectNode map = root.putObject("weight_map");
            weightMap.forEach(map::put);
            Path index = dir.resolve(ShardedSafetensors.INDEX_FILE_NAME);
            Files.writeString(index, root.toPrettyString());
            written.add(index);
        }
        return written;
    }

    /** Tensors in order, cut into shards of at most maxShardBytes (a larger tensor gets a shard of its own). */
    private List<List<Planned>> shards() {
        List<List<Planned>> shards = new ArrayList<>();
        List<Planned> current = new ArrayList<>();
        long bytes = 0;
        for (Planned t : tensors) {
            long size = t.elements * dtype.bytes();
            if (!current.isEmpty() && bytes + size > maxShardBytes) {
                shards.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(t);
            bytes += size;
        }
        if (!current.isEmpty() || shards.isEmpty()) {
            shards.add(current);
        }
        return shards;
    }

    private void writeShard(Path file, List<Planned> shard) throws IOException {
        byte[] header = header(shard);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            writeFully(out, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).flip());
            writeFully(out, ByteBuffer.wrap(header));
            float[] values = new float[CHUNK];
            ByteBuffer bytes = ByteBuffer.allocateDirect(CHUNK * dtype.bytes()).order(ByteOrder.LITTLE_ENDIAN);
            for (Planned t : shard) {
                for (long chunk = 0; chunk * CHUNK < t.elements; chunk++) {
                    int count = (int) Math.min(CHUNK, t.elements - chunk * CHUNK);
                    t.filler.fill(chunk, values, count);
                    bytes.clear();
                    encode(values, count, bytes);
                    writeFully(out, bytes.flip());
                }
            }
        }
    }

    private void encode(float[] values, int count, ByteBuffer out) {
        switch (dtype) {
            case F32 -> out.asFloatBuffer().put(values, 0, count);
            case BF16 -> {
                for (int i = 0; i < count; i++) {
                    out.putShort(i * 2, HalfFloats.floatToBf16(values[i]));
                }
            }
            case F16 -> {
                for (int i = 0; i < count; i++) {
                    out.putShort(i * 2, HalfFloats.floatToF16(values[i]));
                }
            }
        }
        out.position(count * dtype.bytes());
    }

    private static void writeFully(FileChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }

    private byte[] header(List<Planned> shard) {
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.putObject("__metadata__").put("format", "pt");
        long offset = 0;
        for (Planned t : shard) {
            ObjectNode entry = root.putObject(t.name);
            entry.put("dtype", dtype.name());
            var shape = entry.putArray("shape");
            Arrays.stream(t.shape).forEach(shape::add);
            long bytes = t.elements * dtype.bytes();
            entry.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        return SafetensorsWriter.paddedHeader(root.toString());
    }
}
