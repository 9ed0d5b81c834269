package org.tagllm.knime.engine.llama2c;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.SharedData;
import org.tagllm.knime.engine.tokenizer.HfTextTokenizer;

/** The written tokenizer.json, run by HF's tokenizers through DJL, against llama2.c's own encoder on tok512.bin. */
class Llama2cTokenizerEquivalenceTest {

    @TempDir
    static Path tmp;

    private static Llama2cTokenizerFile pieces;
    private static Llama2cReferenceEncoder reference;
    private static HfTextTokenizer hf;
    private static List<String> texts;

    /** Why the shared tokenizer cannot be used, or null; assumed in each test so that skips are reported. */
    private static String absent;

    @BeforeAll
    static void writeTokenizerJson() throws Exception {
        absent = SharedData.absent("models/stories260K/tok512.bin");
        if (absent != null) {
            return;
        }
        Path bin = SharedData.tok512();
        Llama2cTokenizerFile file = Llama2cTokenizerFile.read(bin);
        pieces = file;
        reference = new Llama2cReferenceEncoder(file);
        Path json = tmp.resolve("tokenizer.json");
        new TokenizerJsonWriter(file, bin).write(json);
        hf = HfTextTokenizer.open(json, Set.of(2L));
        texts = TokenizerTestStrings.all();
    }

    @BeforeEach
    void requireSharedData() {
        assumeTrue(absent == null, absent);
    }

    @AfterAll
    static void close() {
        if (hf != null) {
            hf.close();
        }
    }

    @Test
    void sameIdsAsLlama2cForEveryText() {
        assertTrue(texts.size() >= 300, "only " + texts.size() + " texts");
        boolean byteFallback = false;
        boolean merged = false;
        for (String text : texts) {
            long[] expected = reference.encode(text);
            assertArrayEquals(expected, hf.encode(text), () -> "ids of \"" + text + "\"");
            byteFallback |= Arrays.stream(expected).anyMatch(id -> id >= 3 && id <= 258);
            merged |= Arrays.stream(expected).anyMatch(id -> id > 258 && pieces.pieces().get((int) id).length() > 1);
        }
        assertTrue(byteFallback, "the texts must exercise byte fallback");
        assertTrue(merged, "the texts must exercise merges");
    }

    @Test
    void decodeInvertsEncode() {
        for (String text : texts) {
            assertEquals(text, hf.decode(hf.encode(text)), () -> "round trip of \"" + text + "\"");
        }
    }

    @Test
    void knownIdsAndSpecialTokens() {
        // BOS, then " Once" " upon" " a" " time": the dummy prefix merged into the first word.
        assertArrayEquals(new long[] {1, 403, 407, 261, 378}, hf.encode("Once upon a time"));
        assertArrayEquals(new long[] {1}, hf.encode(""));
        assertEquals(OptionalLong.of(1), hf.bosId());
        assertEquals(Set.of(2L), hf.eosIds());
        assertEquals(512, hf.vocabSize());
        assertEquals("Once upon a time", hf.decode(new long[] {1, 403, 407, 261, 378, 2}));
    }
}
