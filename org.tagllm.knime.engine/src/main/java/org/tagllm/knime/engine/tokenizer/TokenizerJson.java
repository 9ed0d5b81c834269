package org.tagllm.knime.engine.tokenizer;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.tagllm.knime.engine.ModelFormatException;

/**
 * What a {@code tokenizer.json} says that DJL's binding of HF tokenizers does not expose, read once with Jackson:
 * the piece-to-id table and the vocabulary size. Parsing first also turns a broken file into a message naming the
 * JSON problem rather than a native error.
 *
 * @param pieces         piece to id (model vocabulary plus added tokens), spelled exactly as in the file; an added
 *                       token overrides a model piece of the same spelling, as HF's tokenizer does
 * @param vocabularySize one more than the largest id of the model's vocabulary and of the added tokens
 */
record TokenizerJson(Map<String, Long> pieces, int vocabularySize) {

    private static final ObjectMapper JSON = new ObjectMapper();

    TokenizerJson {
        pieces = Map.copyOf(pieces);
    }

    static TokenizerJson read(Path file) throws IOException, ModelFormatException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JacksonException e) {
            throw new ModelFormatException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ModelFormatException(file + ": expected a JSON object (a Hugging Face tokenizer.json)");
        }
        Map<String, Long> pieces = new HashMap<>();
        long max = -1;
        JsonNode vocab = root.path("model").path("vocab");
        if (vocab.isObject()) {
            // BPE, WordPiece, WordLevel: piece -> id
            for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) vocab::fields) {
                long id = e.getValue().asLong(-1);
                pieces.put(e.getKey(), id);
                max = Math.max(max, id);
            }
        } else if (vocab.isArray()) {
            // Unigram: [[piece, score], ...], id = position
            for (int id = 0; id < vocab.size(); id++) {
                pieces.put(vocab.get(id).path(0).asText(), (long) id);
            }
            max = vocab.size() - 1;
        } else {
            throw new ModelFormatException(file + ": no model.vocab; not a Hugging Face tokenizer.json");
        }
        for (JsonNode token : root.path("added_tokens")) {
            long id = token.path("id").asLong(-1);
            pieces.put(token.path("content").asText(), id);
            max = Math.max(max, id);
        }
        if (max < 0 || max >= Integer.MAX_VALUE) {
            throw new ModelFormatException(file + ": model.vocab holds no usable ids (largest id " + max + ")");
        }
        pieces.values().removeIf(id -> id < 0);
        return new TokenizerJson(pieces, (int) max + 1);
    }
}
