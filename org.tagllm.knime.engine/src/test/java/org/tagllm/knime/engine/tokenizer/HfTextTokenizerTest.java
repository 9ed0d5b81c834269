package org.tagllm.knime.engine.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.ModelFormatException;

class HfTextTokenizerTest {

    // A word-level tokenizer with no post-processor: nothing is put in front, so there is no BOS.
    private static final String WORD_LEVEL = """
            {"version": "1.0", "truncation": null, "padding": null,
             "added_tokens": [{"id": 3, "content": "[EOS]", "single_word": false, "lstrip": false, "rstrip": false,
                               "normalized": false, "special": true}],
             "normalizer": null, "pre_tokenizer": {"type": "Whitespace"}, "post_processor": null, "decoder": null,
             "model": {"type": "WordLevel", "vocab": {"[UNK]": 0, "hello": 1, "world": 2, "[EOS]": 3},
                       "unk_token": "[UNK]"}}
            """;

    @TempDir
    Path tmp;

    @Test
    void wordLevelTokenizerWithoutBos() throws Exception {
        Path file = Files.writeString(tmp.resolve("tokenizer.json"), WORD_LEVEL);
        try (HfTextTokenizer t = HfTextTokenizer.open(file, Set.of(3L))) {
            assertArrayEquals(new long[] {1, 2, 0}, t.encode("hello world moon"));
            assertArrayEquals(new long[0], t.encode(""));
            assertEquals(OptionalLong.empty(), t.bosId());
            assertEquals(4, t.vocabSize());
            assertEquals(Set.of(3L), t.eosIds());
            assertEquals("hello world", t.decode(new long[] {1, 2, 3}), "the special [EOS] is skipped");
        }
    }

    @Test
    void vocabularySizeCountsAddedTokensBeyondTheModel() throws Exception {
        String withExtra = WORD_LEVEL.replace("\"added_tokens\": [", """
                "added_tokens": [{"id": 4, "content": "<tag>", "single_word": false, "lstrip": false,
                                  "rstrip": false, "normalized": false, "special": false},""");
        Path file = Files.writeString(tmp.resolve("tokenizer.json"), withExtra);
        try (HfTextTokenizer t = HfTextTokenizer.open(file, Set.of())) {
            assertEquals(5, t.vocabSize());
            assertArrayEquals(new long[] {1, 4, 2}, t.encode("hello <tag> world"));
        }
    }

    @Test
    void refusesMissingBrokenAndForeignFilesNamingThem() throws Exception {
        assertRefused(tmp.resolve("absent.json"), "tokenizer file not found");
        assertRefused(tmp, "tokenizer file not found");
        assertRefused(Files.writeString(tmp.resolve("broken.json"), "{\"model\": "), "not valid JSON");
        assertRefused(Files.writeString(tmp.resolve("config.json"), "{\"model_type\": \"llama\"}"),
                "no model.vocab");
        String unknownModel = WORD_LEVEL.replace("\"WordLevel\"", "\"NoSuchModel\"");
        assertRefused(Files.writeString(tmp.resolve("odd.json"), unknownModel),
                "Hugging Face tokenizers cannot load this file");
    }

    @Test
    void refusesEndOfSequenceIdOutsideVocabulary() throws Exception {
        Path file = Files.writeString(tmp.resolve("tokenizer.json"), WORD_LEVEL);
        String message = assertThrows(ModelFormatException.class, () -> HfTextTokenizer.open(file, Set.of(4L)))
                .getMessage();
        assertTrue(message.contains("end-of-sequence id 4 lies outside the tokenizer's vocabulary of 4 ids"), message);
    }

    private static void assertRefused(Path file, String expected) {
        String message = assertThrows(ModelFormatException.class, () -> HfTextTokenizer.open(file, Set.of()).close())
                .getMessage();
        assertTrue(message.startsWith(file.toString()) && message.contains(expected), message);
    }
}
