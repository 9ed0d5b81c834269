package org.tagllm.knime.engine.llama2c;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.SharedData;
import org.tagllm.knime.engine.config.ModelConfig;
import org.tagllm.knime.engine.config.ModelConfigJson;
import org.tagllm.knime.engine.safetensors.SafetensorsWriter;
import org.tagllm.knime.engine.tokenizer.HfTextTokenizer;

class Llama2cImporterTest {

    @TempDir
    Path tmp;

    @Test
    void importsStories260K() throws Exception {
        Path checkpoint = SharedData.stories260K();
        Path out = tmp.resolve("stories260K");
        Llama2cImporter.importModel(checkpoint, SharedData.tok512(), out);

        assertEquals(Set.of("config.json", "model.safetensors", "tokenizer.json"), names(out));
        assertEquals(Set.of("stories260K"), names(tmp), "no staging folder left behind");

        ModelConfig c = ModelConfigJson.read(out.resolve("config.json"));
        assertEquals(ModelConfig.llama(64, 172, 5, 8, 4, 512, 512, true), c);
        assertEquals(8, c.headDim());
        assertEquals(1e-5, c.rmsNormEps());
        assertEquals(10000.0, c.ropeTheta());
        assertEquals(1, c.bosTokenId());
        assertEquals(List.of(2), c.eosTokenIds());

        SafetensorsHeader st = new SafetensorsHeader(out.resolve("model.safetensors"));
        Map<String, long[]> expected = expectedShapes(64, 172, 5, 32, 512);
        Set<String> written = new HashSet<>();
        st.header.fieldNames().forEachRemaining(written::add);
        written.remove("__metadata__");
        assertEquals(expected.keySet(), written, "tied: no lm_head.weight");
        expected.forEach((name, shape) -> {
            assertArrayEquals(shape, st.shape(name), name);
            assertEquals("F32", st.dtype(name), name);
        });
        assertEquals("llama2.c", st.header.path("__metadata__").path("converted_from").asText());

        byte[] file = Files.readAllBytes(checkpoint);
        Map<String, Long> offsets = checkpointOffsets(64, 172, 5, 32, 512, 512, 8);
        assertArrayEquals(slice(file, offsets.get("embedding"), 512 * 64), st.bytes("model.embed_tokens.weight"));
        for (int i = 0; i < 5; i++) {
            String p = "model.layers." + i + ".";
            assertArrayEquals(layer(file, offsets, "rms_att", i, 64), st.bytes(p + "input_layernorm.weight"));
            assertArrayEquals(halfSplit(layer(file, offsets, "wq", i, 64 * 64), 8, 8, 64),
                    st.bytes(p + "self_attn.q_proj.weight"), p + "q_proj");
            assertArrayEquals(halfSplit(layer(file, offsets, "wk", i, 32 * 64), 4, 8, 64),
                    st.bytes(p + "self_attn.k_proj.weight"), p + "k_proj");
            assertArrayEquals(layer(file, offsets, "wv", i, 32 * 64), st.bytes(p + "self_attn.v_proj.weight"));
            assertArrayEquals(layer(file, offsets, "wo", i, 64 * 64), st.bytes(p + "self_attn.o_proj.weight"));
            assertArrayEquals(layer(file, offsets, "rms_ffn", i, 64), st.bytes(p + "post_attention_layernorm.weight"));
            assertArrayEquals(layer(file, offsets, "w1", i, 172 * 64), st.bytes(p + "mlp.gate_proj.weight"));
            assertArrayEquals(layer(file, offsets, "w2", i, 64 * 172), st.bytes(p + "mlp.down_proj.weight"));
            assertArrayEquals(layer(file, offsets, "w3", i, 172 * 64), st.bytes(p + "mlp.up_proj.weight"));
        }
        assertArrayEquals(slice(file, offsets.get("rms_final"), 64), st.bytes("model.norm.weight"));

        try (HfTextTokenizer t = HfTextTokenizer.open(out.resolve("tokenizer.json"), Set.of(2L))) {
            assertArrayEquals(new long[] {1, 403, 407, 261, 378}, t.encode("Once upon a time"));
        }
    }

    @Test
    void untiedCheckpointGetsItsOwnHead() throws Exception {
        SyntheticCheckpoint s = new SyntheticCheckpoint(8, 12, 2, 4, 2, 260, 6, false);
        Path out = tmp.resolve("model");
        Llama2cImporter.importModel(s.write(tmp.resolve("untied.bin")),
                Llama2cTokenizerFiles.withBytePieces(tmp.resolve("tok.bin"), "a"), out);
        assertFalse(ModelConfigJson.read(out.resolve("config.json")).tieWordEmbeddings());
        SafetensorsHeader st = new SafetensorsHeader(out.resolve("model.safetensors"));
        assertArrayEquals(new long[] {260, 8}, st.shape("lm_head.weight"));
        float[] head = floats(st.bytes("lm_head.weight"));
        assertEquals(s.start(13), head[0]);
        assertEquals(s.floatCount() - 1, head[head.length - 1]);
    }

    @Test
    void replacesAnEarlierImportButNoOtherFolder() throws Exception {
        Path small = new SyntheticCheckpoint(8, 12, 2, 4, 2, 260, 6, true).write(tmp.resolve("a.bin"));
        Path bigger = new SyntheticCheckpoint(16, 12, 2, 4, 2, 260, 6, true).write(tmp.resolve("b.bin"));
        Path tokenizer = Llama2cTokenizerFiles.withBytePieces(tmp.resolve("tok.bin"), "a");
        Path out = tmp.resolve("model");
        Llama2cImporter.importModel(small, tokenizer, out);
        Llama2cImporter.importModel(bigger, tokenizer, out);
        assertEquals(16, ModelConfigJson.read(out.resolve("config.json")).hiddenSize());
        assertEquals(Set.of("a.bin", "b.bin", "tok.bin", "model"), names(tmp), "old folder and staging removed");

        Path foreign = Files.createDirectories(tmp.resolve("foreign"));
        Files.writeString(foreign.resolve("notes.txt"), "mine");
        assertTrue(refusal(bigger, tokenizer, foreign).contains("folder is not empty and is not an"
                + " earlier llama2.c import"));
        assertEquals(Set.of("notes.txt"), names(foreign));

        // Same file names, but weights not marked as ours: a user's model folder.
        Path lookalike = Files.createDirectories(tmp.resolve("lookalike"));
        Files.writeString(lookalike.resolve("config.json"), "{}");
        Files.writeString(lookalike.resolve("tokenizer.json"), "{}");
        new SafetensorsWriter().put("w", new long[] {1}, new float[] {1f}).write(lookalike.resolve("model.safetensors"));
        refusal(bigger, tokenizer, lookalike);
        assertEquals("{}", Files.readString(lookalike.resolve("config.json")));

        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertTrue(refusal(bigger, tokenizer, file).contains("exists and is not a folder"));
    }

    @Test
    void mismatchedTokenizerLeavesNothing() throws Exception {
        Path checkpoint = SyntheticCheckpoint.tiny(true).write(tmp.resolve("tiny.bin"));
        Path tokenizer = Llama2cTokenizerFiles.withBytePieces(tmp.resolve("tok.bin"), "a");
        Path out = tmp.resolve("model");
        String message = refusal(checkpoint, tokenizer, out);
        assertTrue(message.contains("260 pieces") && message.contains("vocab_size 10"), message);
        assertEquals(Set.of("tiny.bin", "tok.bin"), names(tmp));
    }

    private static String refusal(Path checkpoint, Path tokenizer, Path out) {
        return assertThrows(ModelFormatException.class, () -> Llama2cImporter.importModel(checkpoint, tokenizer, out))
                .getMessage();
    }

    /** HF names and shapes of a tied LLaMA, in the importer's order. */
    private static Map<String, long[]> expectedShapes(int dim, int hidden, int layers, int kvDim, int vocab) {
        Map<String, long[]> m = new LinkedHashMap<>();
        m.put("model.embed_tokens.weight", new long[] {vocab, dim});
        for (int i = 0; i < layers; i++) {
            String p = "model.layers." + i + ".";
            m.put(p + "input_layernorm.weight", new long[] {dim});
            m.put(p + "self_attn.q_proj.weight", new long[] {dim, dim});
            m.put(p + "self_attn.k_proj.weight", new long[] {kvDim, dim});
            m.put(p + "self_attn.v_proj.weight", new long[] {kvDim, dim});
            m.put(p + "self_attn.o_proj.weight", new long[] {dim, dim});
            m.put(p + "post_attention_layernorm.weight", new long[] {dim});
            m.put(p + "mlp.gate_proj.weight", new long[] {hidden, dim});
            m.put(p + "mlp.down_proj.weight", new long[] {dim, hidden});
            m.put(p + "mlp.up_proj.weight", new long[] {hidden, dim});
        }
        m.put("model.norm.weight", new long[] {dim});
        return m;
    }

    /** Byte offsets of each tensor in a llama2.c checkpoint, following the README's order. */
    private static Map<String, Long> checkpointOffsets(int dim, int hidden, int layers, int kvDim, int vocab,
            int seq, int headSize) {
        long d = dim;
        Object[][] order = {{"embedding", vocab * d}, {"rms_att", layers * d}, {"wq", layers * d * d},
            {"wk", layers * kvDim * d}, {"wv", layers * kvDim * d}, {"wo", layers * d * d}, {"rms_ffn", layers * d},
            {"w1", layers * hidden * d}, {"w2", layers * d * hidden}, {"w3", layers * hidden * d}, {"rms_final", d},
            {"rope", 2L * seq * headSize / 2}};
        Map<String, Long> offsets = new LinkedHashMap<>();
        long at = 28;
        for (Object[] t : order) {
            offsets.put((String) t[0], at);
            at += 4 * (Long) t[1];
        }
        return offsets;
    }

    private static byte[] layer(byte[] file, Map<String, Long> offsets, String tensor, int layer, int perLayer) {
        return slice(file, offsets.get(tensor) + 4L * perLayer * layer, perLayer);
    }

    private static byte[] slice(byte[] file, long offset, int floats) {
        return Arrays.copyOfRange(file, (int) offset, (int) offset + 4 * floats);
    }

    /** Rows of 4-byte floats reordered per head: new row t*(hd/2)+i = old row 2i+t. */
    private static byte[] halfSplit(byte[] rows, int heads, int hd, int cols) {
        byte[] out = new byte[rows.length];
        int rowBytes = 4 * cols;
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < hd / 2; i++) {
                for (int t = 0; t < 2; t++) {
                    System.arraycopy(rows, (h * hd + 2 * i + t) * rowBytes, out, (h * hd + t * hd / 2 + i) * rowBytes,
                            rowBytes);
                }
            }
        }
        return out;
    }

    private static float[] floats(byte[] bytes) {
        var buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        float[] out = new float[buffer.remaining()];
        buffer.get(out);
        return out;
    }

    private static Set<String> names(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }
}
