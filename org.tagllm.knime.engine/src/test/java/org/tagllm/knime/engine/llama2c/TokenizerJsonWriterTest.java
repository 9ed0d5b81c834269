package org.tagllm.knime.engine.llama2c;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.tokenizer.HfTextTokenizer;

class TokenizerJsonWriterTest {

    @TempDir
    Path tmp;

    @Test
    void writesLlamaLayoutWithSpacesAsMetaspace() throws Exception {
        Path bin = Llama2cTokenizerFiles.withBytePieces(tmp.resolve("t.bin"), " ", "h", "i", "hi", " hi");
        TokenizerJsonWriter writer = new TokenizerJsonWriter(Llama2cTokenizerFile.read(bin), bin);
        JsonNode json = new ObjectMapper().readTree(writer.toJson());
        JsonNode vocab = json.path("model").path("vocab");
        assertEquals(264, vocab.size());
        assertEquals(1, vocab.path("<s>").asInt());
        assertEquals(2, vocab.path("</s>").asInt());
        assertEquals(13, vocab.path("<0x0A>").asInt());
        assertEquals(259, vocab.path("▁").asInt());
        assertEquals(263, vocab.path("▁hi").asInt());
        assertTrue(json.path("model").path("byte_fallback").asBoolean());
        List<String> merges = new ArrayList<>();
        json.path("model").path("merges").forEach(m -> merges.add(m.get(0).asText() + "+" + m.get(1).asText()));
        assertEquals(List.of("h+i", "▁+hi"), merges);
        assertEquals(2, writer.mergeCount());
        List<String> added = new ArrayList<>();
        json.path("added_tokens").forEach(t -> added.add(t.path("id").asInt() + t.path("content").asText()
                + t.path("special").asBoolean()));
        assertEquals(List.of("0<unk>true", "1<s>true", "2</s>true"), added);
    }

    @Test
    void hfEncodesSyntheticTokenizerLikeLlama2c() throws Exception {
        Path bin = Llama2cTokenizerFiles.withBytePieces(tmp.resolve("t.bin"), " ", "h", "i", "hi", " hi");
        Llama2cTokenizerFile file = Llama2cTokenizerFile.read(bin);
        Path json = tmp.resolve("tokenizer.json");
        new TokenizerJsonWriter(file, bin).write(json);
        Llama2cReferenceEncoder reference = new Llama2cReferenceEncoder(file);
        try (HfTextTokenizer hf = HfTextTokenizer.open(json, Set.of(2L))) {
            for (String text : List.of("hi", "hi hi", "ih!", " h\ni ", "é", "")) {
                assertArrayEquals(reference.encode(text), hf.encode(text), text);
                assertEquals(text, hf.decode(hf.encode(text)));
            }
            assertArrayEquals(new long[] {1, 263, 259, 260, 36}, hf.encode("hi h!"), "'!' is byte 0x21 = id 36");
        }
    }

    @Test
    void refusesBytePiecesOutOfPlace() throws Exception {
        List<String> pieces = new ArrayList<>(Llama2cTokenizerFile.read(
                Llama2cTokenizerFiles.withBytePieces(tmp.resolve("ok.bin"), "a")).pieces());
        pieces.set(3 + 0x41, "A");
        Path bin = Llama2cTokenizerFiles.write(tmp.resolve("bad.bin"), pieces, new float[pieces.size()]);
        String message = refusal(bin);
        assertTrue(message.contains("piece 68 is 'A'") && message.contains("'<0x41>'"), message);
    }

    @Test
    void refusesPiecesThatCoincideOnceSpacesBecomeMetaspace() throws Exception {
        Path bin = Llama2cTokenizerFiles.withBytePieces(tmp.resolve("t.bin"), "a b", "a\u2581b");
        String message = refusal(bin);
        assertTrue(message.contains("pieces 259 and 260 are both 'a▁b'"), message);
    }

    @Test
    void refusesTooFewPieces() throws Exception {
        Path bin = Llama2cTokenizerFiles.write(tmp.resolve("t.bin"), List.of("<unk>", "a"), new float[2]);
        assertTrue(refusal(bin).contains("2 pieces; a llama2.c tokenizer has at least 259"));
    }

    @Test
    void writeReplacesAtomicallyLeavingNoTemporaryFile() throws Exception {
        Path bin = Llama2cTokenizerFiles.withBytePieces(tmp.resolve("t.bin"), "a");
        Path out = Files.writeString(tmp.resolve("tokenizer.json"), "old");
        new TokenizerJsonWriter(Llama2cTokenizerFile.read(bin), bin).write(out);
        assertTrue(Files.readString(out).startsWith("{\"version\":\"1.0\""));
        try (var files = Files.list(tmp)) {
            assertEquals(Set.of("t.bin", "tokenizer.json"),
                    files.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet()));
        }
    }

    private static String refusal(Path bin) {
        return assertThrows(ModelFormatException.class,
                () -> new TokenizerJsonWriter(Llama2cTokenizerFile.read(bin), bin)).getMessage();
    }
}
