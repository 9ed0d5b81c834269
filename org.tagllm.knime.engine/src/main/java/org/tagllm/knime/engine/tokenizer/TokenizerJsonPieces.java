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
 * The piece-to-id table of a {@code tokenizer.json} (model vocabulary plus added tokens), read with Jackson because
 * DJL's binding of HF tokenizers offers no vocabulary lookup. Pieces are kept exactly as spelled in the file.
 */
final class TokenizerJsonPieces {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenizerJsonPieces() {}

    /** Piece to id; an added token overrides a model piece of the same spelling, as HF's tokenizer does. */
    static Map<String, Long> read(Path file) throws IOException, ModelFormatException {
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
        JsonNode vocab = root.path("model").path("vocab");
        if (vocab.isObject()) {
            // BPE, WordPiece, WordLevel: piece -> id
            vocab.fields().forEachRemaining(e -> pieces.put(e.getKey(), e.getValue().asLong(-1)));
        } else if (vocab.isArray()) {
            // Unigram: [[piece, score], ...], id = position
            for (int id = 0; id < vocab.size(); id++) {
                pieces.put(vocab.get(id).path(0).asText(), (long) id);
            }
        } else {
            throw new ModelFormatException(file + ": no model.vocab; not a Hugging Face tokenizer.json");
        }
        for (JsonNode token : root.path("added_tokens")) {
            pieces.put(token.path("content").asText(), token.path("id").asLong(-1));
        }
        pieces.values().removeIf(id -> id < 0);
        return pieces;
    }
}
