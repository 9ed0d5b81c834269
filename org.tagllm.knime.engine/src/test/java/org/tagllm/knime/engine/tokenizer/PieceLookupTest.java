package org.tagllm.knime.engine.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link HfTextTokenizer#pieceId}: exact spelling, model vocabulary and added tokens, BPE and Unigram layouts. */
class PieceLookupTest {

    private static final String BPE = """
            {"version": "1.0", "truncation": null, "padding": null,
             "added_tokens": [{"id": 5, "content": "<tag>", "single_word": false, "lstrip": false, "rstrip": false,
                               "normalized": false, "special": false}],
             "normalizer": null, "pre_tokenizer": null, "post_processor": null, "decoder": null,
             "model": {"type": "BPE", "dropout": null, "unk_token": "<unk>", "continuing_subword_prefix": null,
                       "end_of_word_suffix": null, "fuse_unk": true, "byte_fallback": true,
                       "vocab": {"<unk>": 0, "C": 1, "\u2581C": 2, "<0x3D>": 3, "O": 4}, "merges": []}}
            """;

    private static final String UNIGRAM = """
            {"version": "1.0", "truncation": null, "padding": null, "added_tokens": [],
             "normalizer": null, "pre_tokenizer": null, "post_processor": null, "decoder": null,
             "model": {"type": "Unigram", "unk_id": 0, "vocab": [["<unk>", 0.0], ["C", -1.0], ["O", -2.0]]}}
            """;

    @TempDir
    Path tmp;

    @Test
    void looksUpPiecesExactlyAsSpelled() throws Exception {
        try (HfTextTokenizer t = HfTextTokenizer.open(Files.writeString(tmp.resolve("bpe.json"), BPE), Set.of())) {
            assertEquals(OptionalLong.of(1), t.pieceId("C"));
            assertEquals(OptionalLong.of(2), t.pieceId("\u2581C"));
            assertEquals(OptionalLong.of(3), t.pieceId("<0x3D>"));
            assertEquals(OptionalLong.of(5), t.pieceId("<tag>"));
            assertEquals(OptionalLong.empty(), t.pieceId("="));
            assertEquals(OptionalLong.empty(), t.pieceId("c"));
        }
        try (HfTextTokenizer t = HfTextTokenizer.open(Files.writeString(tmp.resolve("uni.json"), UNIGRAM),
                Set.of())) {
            assertEquals(OptionalLong.of(2), t.pieceId("O"));
            assertEquals(OptionalLong.empty(), t.pieceId("N"));
        }
    }
}
