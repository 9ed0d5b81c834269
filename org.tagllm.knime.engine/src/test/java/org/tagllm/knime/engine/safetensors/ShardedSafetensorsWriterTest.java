package org.tagllm.knime.engine.safetensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streamed shards read back through the project's own sharded reader, value for value, in each dtype. */
class ShardedSafetensorsWriterTest {

    @TempDir
    Path dir;

    /** Element i of tensor t is t + (i mod 64) / 64: at most 8 significant bits, exact in every dtype. */
    private static ShardedSafetensorsWriter.Filler ramp(int t) {
        return (chunk, out, count) -> {
            for (int i = 0; i < count; i++) {
                long index = chunk * ShardedSafetensorsWriter.CHUNK + i;
                out[i] = t + (index % 64) / 64f;
            }
        };
    }

    @Test
    void shardsAndIndexReadBackInEveryDtype() throws Exception {
        for (DType dtype : DType.values()) {
            Path out = Files.createDirectory(dir.resolve(dtype.name()));
            // Three tensors of 2 MiB elements each: past one chunk, so chunk numbering is exercised too.
            long[] shape = {2048, 1024};
            ShardedSafetensorsWriter w = new ShardedSafetensorsWriter(dtype, 2048L * 1024 * dtype.bytes() + 1);
            for (int t = 0; t < 3; t++) {
                w.add("t" + t, shape, ramp(t));
            }
            List<Path> files = w.writeInto(out);
            assertEquals(4, files.size(), "three shards and an index");
            try (ShardedSafetensors read = ShardedSafetensors.open(out.resolve(ShardedSafetensors.INDEX_FILE_NAME))) {
                assertEquals(3, read.shards().size());
                for (int t = 0; t < 3; t++) {
                    assertEquals(dtype, read.info("t" + t).dtype());
                    FloatBuffer b = read.readFloats("t" + t);
                    assertEquals(2048 * 1024, b.remaining());
                    for (int i = 0; i < b.remaining(); i += 997) {
                        assertEquals(t + (i % 64) / 64f, b.get(i), dtype + " t" + t + "[" + i + "]");
                    }
                }
            }
        }
    }

    @Test
    void oneShardIsAPlainModelFile() throws Exception {
        List<Path> files = new ShardedSafetensorsWriter(DType.BF16, 1L << 30).add("a", new long[] {3}, ramp(0))
                .add("b", new long[] {2, 2}, ramp(1)).writeInto(dir);
        assertEquals(List.of(dir.resolve("model.safetensors")), files);
        assertFalse(Files.exists(dir.resolve(ShardedSafetensors.INDEX_FILE_NAME)));
        try (SafetensorsFile f = SafetensorsFile.open(files.get(0))) {
            assertEquals(1f, f.readFloats("b").get(0));
            assertTrue(f.metadata().containsKey("format"));
        }
    }
}
