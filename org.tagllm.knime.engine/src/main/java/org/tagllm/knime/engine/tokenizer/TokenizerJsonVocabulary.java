package org.tagllm.knime.engine.tokenizer;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.tagllm.knime.engine.ModelFormatException;

/**
 * The vocabulary size of a {@code tokenizer.json}, read with Jackson because DJL does not expose it. Parsing first
 * also turns a broken file into a message naming the JSON problem rather than a native error.
 */
final class TokenizerJsonVocabulary {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenizerJsonVocabulary() {}

    /** One more than the largest id of the model's vocabulary and of the added tokens. */
    static int size(Path file) throws IOException, ModelFormatException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JacksonException e) {
            throw new ModelFormatException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ModelFormatException(file + ": expected a JSON object (a Hugging Face tokenizer.json)");
        }
        JsonNode vocab = root.path("model").path("vocab");
        long max = -1;
        if (vocab.isObject()) {
            // BPE, WordPiece, WordLevel: piece -> id
            for (JsonNode id : (Iterable<JsonNode>) vocab::elements) {
                max = Math.max(max, id.asLong(-1));
            }
        } else if (vocab.isArray()) {
            // Unigram: [[piece, score], ...], id = position
            max = vocab.size() - 1;
        } else {
            throw new ModelFormatException(file + ": no model.vocab; not a Hugging Face tokenizer.json");
        }
        for (JsonNode token : root.path("added_tokens")) {
            max = Math.max(max, token.path("id").asLong(-1));
        }
        if (max < 0 || max >= Integer.MAX_VALUE) {
            throw new ModelFormatException(file + ": model.vocab holds no usable ids (largest id " + max + ")");
        }
        return (int) max + 1;
    }
}
