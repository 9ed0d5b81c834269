package org.tagllm.knime.engine.tokenizer;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.tagllm.knime.engine.ModelFormatException;

/**
 * A Hugging Face {@code tokenizer.json} run by DJL's binding of HF's Rust tokenizers. Only local files are read: DJL
 * is switched offline before first use, and no hub identifier is ever passed.
 */
public final class HfTextTokenizer implements TextTokenizer {

    // Truncation and padding off: the caller decides about context length, and ids must be exactly the text's.
    private static final Map<String, String> OPTIONS =
            Map.of("addSpecialTokens", "true", "truncation", "false", "padding", "false");

    private final HuggingFaceTokenizer tokenizer;
    private final int vocabSize;
    private final OptionalLong bosId;
    private final Set<Long> eosIds;
    private final Map<String, Long> pieces;

    private HfTextTokenizer(HuggingFaceTokenizer tokenizer, int vocabSize, Set<Long> eosIds,
            Map<String, Long> pieces) {
        this.tokenizer = tokenizer;
        this.vocabSize = vocabSize;
        this.eosIds = eosIds;
        this.pieces = pieces;
        this.bosId = leadingSpecialToken(tokenizer);
    }

    /**
     * Loads {@code tokenizer.json}.
     *
     * @param tokenizerJson the file itself (not its folder, not a hub id)
     * @param eosIds        ids that end generation, usually {@code eos_token_id} of the model's {@code config.json}
     * @throws ModelFormatException when the file is missing, is not a tokenizer HF's library reads, or an EOS id lies
     *                              outside its vocabulary
     * @throws IOException          when the file cannot be read
     */
    public static HfTextTokenizer open(Path tokenizerJson, Set<Long> eosIds) throws IOException, ModelFormatException {
        // Before DJL's classes load: no download of native libraries or tokenizers, ever.
        System.setProperty("ai.djl.offline", "true");
        if (!Files.isRegularFile(tokenizerJson)) {
            throw new ModelFormatException(tokenizerJson + ": tokenizer file not found (expected a tokenizer.json)");
        }
        TokenizerJson json = TokenizerJson.read(tokenizerJson);
        int vocabSize = json.vocabularySize();
        Set<Long> eos = new TreeSet<>(eosIds);
        for (long id : eos) {
            if (id < 0 || id >= vocabSize) {
                throw new ModelFormatException(tokenizerJson + ": end-of-sequence id " + id
                        + " lies outside the tokenizer's vocabulary of " + vocabSize + " ids");
            }
        }
        HuggingFaceTokenizer tokenizer;
        try {
            tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson, OPTIONS);
        } catch (RuntimeException e) {
            throw new ModelFormatException(tokenizerJson + ": Hugging Face tokenizers cannot load this file: "
                    + e.getMessage(), e);
        }
        return new HfTextTokenizer(tokenizer, vocabSize, Set.copyOf(eos), json.pieces());
    }

    // What the post-processor puts in front of an empty text is the BOS (LLaMA's TemplateProcessing adds "<s>").
    private static OptionalLong leadingSpecialToken(HuggingFaceTokenizer tokenizer) {
        Encoding e = tokenizer.encode("", true, false);
        long[] ids = e.getIds();
        long[] special = e.getSpecialTokenMask();
        return ids.length > 0 && special[0] == 1 ? OptionalLong.of(ids[0]) : OptionalLong.empty();
    }

    @Override
    public long[] encode(String text) {
        return tokenizer.encode(text, true, false).getIds();
    }

    @Override
    public String decode(long[] ids) {
        return tokenizer.decode(ids, true);
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    @Override
    public OptionalLong bosId() {
        return bosId;
    }

    @Override
    public Set<Long> eosIds() {
        return eosIds;
    }

    @Override
    public OptionalLong pieceId(String piece) {
        Long id = pieces.get(piece);
        return id == null ? OptionalLong.empty() : OptionalLong.of(id);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
