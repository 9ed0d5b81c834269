package org.tagllm.knime.engine.safetensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tagllm.knime.engine.safetensors.SafetensorsRoundTripTest.assertBitsEqual;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.ModelFormatException;

class ShardedSafetensorsTest {

    private static final String SHARD1 = "model-00001-of-00002.safetensors";
    private static final String SHARD2 = "model-00002-of-00002.safetensors";

    @TempDir
    Path dir;

    private Path index;

    @BeforeEach
    void twoShards() throws IOException {
        new SafetensorsWriter()
                .put("a", new long[] {2}, new float[] {1f, 2f})
                .put("b", new long[] {1, 3}, new float[] {3f, 4f, 5f})
                .write(dir.resolve(SHARD1));
        RawSafetensors.tensors()
                .tensor("c", "BF16", new long[] {2}, RawSafetensors.shorts(0x3F80, 0xC000))
                .write(dir.resolve(SHARD2));
        index = dir.resolve(ShardedSafetensors.INDEX_FILE_NAME);
    }

    @Test
    void twoShardsRoundTrip() throws Exception {
        writeIndex(Map.of("a", SHARD1, "b", SHARD1, "c", SHARD2));
        try (ShardedSafetensors s = ShardedSafetensors.open(index)) {
            assertEquals(List.of("a", "b", "c"), List.copyOf(s.names()));
            assertBitsEqual(new float[] {1f, 2f}, s.readFloats("a"));
            assertBitsEqual(new float[] {3f, 4f, 5f}, s.readFloats("b"));
            assertBitsEqual(new float[] {1f, -2f}, s.readFloats("c"));
            assertEquals(DType.BF16, s.info("c").dtype());
            assertNull(s.info("z"));
            assertEquals(2, s.shards().size());
            assertSame(s.shards().get(SHARD2), s.shardOf("c"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.readFloats("z"));
            assertTrue(e.getMessage().contains("'z'"), e.getMessage());
        }
    }

    /** The index is authoritative: a tensor a shard holds but the index omits is not part of the model. */
    @Test
    void tensorsTheIndexOmitsAreHidden() throws Exception {
        writeIndex(Map.of("a", SHARD1, "c", SHARD2));
        try (ShardedSafetensors s = ShardedSafetensors.open(index)) {
            assertEquals(List.of("a", "c"), List.copyOf(s.names()));
            assertNull(s.info("b"));
        }
    }

    @Test
    void closeClosesEveryShard() throws Exception {
        writeIndex(Map.of("a", SHARD1, "c", SHARD2));
        ShardedSafetensors s = ShardedSafetensors.open(index);
        s.close();
        assertThrows(IOException.class, () -> s.readFloats("a"));
        assertThrows(IOException.class, () -> s.readFloats("c"));
    }

    @Test
    void missingShard() throws Exception {
        writeIndex(Map.of("a", SHARD1, "d", "model-00003-of-00002.safetensors"));
        assertRefused("'model-00003-of-00002.safetensors'", "'d'", "does not exist");
    }

    @Test
    void tensorMissingFromItsShard() throws Exception {
        writeIndex(Map.of("a", SHARD1, "c", SHARD1));
        assertRefused("'c'", "'" + SHARD1 + "'", "no such tensor");
    }

    @Test
    void shardNameEscapingTheFolder() throws Exception {
        Path model = Files.createDirectory(dir.resolve("model"));
        Files.move(dir.resolve(SHARD1), model.resolve(SHARD1));
        index = model.resolve(ShardedSafetensors.INDEX_FILE_NAME);
        writeIndex(Map.of("a", SHARD1, "c", "../" + SHARD2));
        assertRefused("'../" + SHARD2 + "'", "'c'", "outside the model folder");
    }

    @Test
    void absoluteShardName() throws Exception {
        writeIndex(Map.of("a", SHARD1, "c", dir.resolve(SHARD2).toAbsolutePath().toString()));
        assertRefused("'c'", "outside the model folder");
    }

    @Test
    void shardInASubfolderIsAllowed() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("shards"));
        Files.move(dir.resolve(SHARD2), sub.resolve(SHARD2));
        writeIndex(Map.of("a", SHARD1, "c", "shards/" + SHARD2));
        try (ShardedSafetensors s = ShardedSafetensors.open(index)) {
            assertBitsEqual(new float[] {1f, -2f}, s.readFloats("c"));
        }
    }

    @Test
    void tensorPresentInTwoShards() throws Exception {
        new SafetensorsWriter().put("a", new long[] {1}, new float[] {9f}).put("c", new long[] {1}, new float[] {8f})
                .write(dir.resolve(SHARD2));
        writeIndex(Map.of("a", SHARD1, "c", SHARD2));
        assertRefused("'a'", SHARD1, SHARD2, "two shards");
    }

    @Test
    void indexWithoutWeightMap() throws Exception {
        Files.writeString(index, "{\"metadata\": {\"total_size\": 20}}");
        assertRefused("weight_map");
    }

    @Test
    void indexNotJson() throws Exception {
        Files.writeString(index, "{\"weight_map\": ");
        assertRefused("not valid JSON");
    }

    @Test
    void weightMapValueNotAString() throws Exception {
        Files.writeString(index, "{\"weight_map\": {\"a\": 1}}");
        assertRefused("'a'", "shard file name");
    }

    @Test
    void emptyWeightMap() throws Exception {
        Files.writeString(index, "{\"weight_map\": {}}");
        assertRefused("no tensors");
    }

    /** A broken shard is reported with its own name, and the shards opened before it are closed again. */
    @Test
    void brokenShardIsNamed() throws Exception {
        Files.write(dir.resolve(SHARD2), new byte[3]);
        writeIndex(Map.of("a", SHARD1, "c", SHARD2));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ShardedSafetensors.open(index));
        assertTrue(e.getMessage().contains(SHARD2), e.getMessage());
    }

    private void writeIndex(Map<String, String> weightMap) throws IOException {
        Map<String, String> sorted = new LinkedHashMap<>();
        weightMap.keySet().stream().sorted().forEach(k -> sorted.put(k, weightMap.get(k)));
        String entries = sorted.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\": \"" + e.getValue().replace("\\", "\\\\") + "\"")
                .collect(Collectors.joining(", "));
        Files.writeString(index, "{\"metadata\": {\"total_size\": 28}, \"weight_map\": {" + entries + "}}");
    }

    private void assertRefused(String... mentions) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ShardedSafetensors.open(index).close());
        assertTrue(e.getMessage().contains(index.toString()), () -> "names the index: " + e.getMessage());
        for (String m : mentions) {
            assertTrue(e.getMessage().contains(m), () -> "mentions '" + m + "': " + e.getMessage());
        }
    }
}
