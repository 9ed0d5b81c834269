package org.tagllm.knime.engine.llama2c;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * llama2.c's {@code encode(t, text, bos=1, eos=0, ...)} from run.c, transcribed for tests: BOS, a " " dummy prefix for
 * non-empty text, each UTF-8 code point's piece or else its bytes as ids byte + 3, then repeatedly the adjacent pair
 * whose concatenation is a piece with the highest score (leftmost among equals) is merged.
 */
final class Llama2cReferenceEncoder {

    private final List<String> pieces;
    private final float[] scores;
    private final Map<String, Integer> ids = new HashMap<>();

    Llama2cReferenceEncoder(Llama2cTokenizerFile tokenizer) {
        this.pieces = tokenizer.pieces();
        this.scores = tokenizer.scores();
        for (int i = 0; i < pieces.size(); i++) {
            ids.put(pieces.get(i), i);
        }
    }

    long[] encode(String text) {
        List<Integer> tokens = new ArrayList<>();
        tokens.add(1);
        if (!text.isEmpty()) {
            tokens.add(lookup(" "));
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream codepoint = new ByteArrayOutputStream();
        for (int i = 0; i < bytes.length; i++) {
            if ((bytes[i] & 0xC0) != 0x80) {
                codepoint.reset();
            }
            codepoint.write(bytes[i]);
            if (i + 1 < bytes.length && (bytes[i + 1] & 0xC0) == 0x80 && codepoint.size() < 4) {
                continue;
            }
            int id = lookup(new String(codepoint.toByteArray(), StandardCharsets.UTF_8));
            if (id != -1) {
                tokens.add(id);
            } else {
                for (byte b : codepoint.toByteArray()) {
                    tokens.add((b & 0xFF) + 3);
                }
            }
            codepoint.reset();
        }
        while (true) {
            float bestScore = -1e10f;
            int bestId = -1;
            int bestIndex = -1;
            for (int i = 0; i + 1 < tokens.size(); i++) {
                int id = lookup(pieces.get(tokens.get(i)) + pieces.get(tokens.get(i + 1)));
                if (id != -1 && scores[id] > bestScore) {
                    bestScore = scores[id];
                    bestId = id;
                    bestIndex = i;
                }
            }
            if (bestIndex == -1) {
                break;
            }
            tokens.set(bestIndex, bestId);
            tokens.remove(bestIndex + 1);
        }
        return tokens.stream().mapToLong(Integer::longValue).toArray();
    }

    private int lookup(String piece) {
        return ids.getOrDefault(piece, -1);
    }
}
