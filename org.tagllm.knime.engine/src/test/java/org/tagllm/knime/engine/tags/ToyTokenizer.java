package org.tagllm.knime.engine.tags;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.tagllm.knime.engine.tokenizer.TextTokenizer;

/**
 * A SentencePiece-like word tokenizer for layout tests: BOS (when it has one), then each whitespace-separated word as
 * the piece {@code "▁word"} (unknown words are id 0). Single characters and byte pieces are plain vocabulary entries.
 */
final class ToyTokenizer implements TextTokenizer {

    static final List<String> PIECES = List.of("<unk>", "<s>", "</s>", "C", "O", "(", ")", "<0x3D>", "\u2581the",
            "\u2581molecule", "\u2581is", "\u25810.5", "\u2581yes", "N");

    private final Map<String, Long> ids = new HashMap<>();
    private final boolean withBos;

    ToyTokenizer(boolean withBos) {
        this.withBos = withBos;
        for (int i = 0; i < PIECES.size(); i++) {
            ids.put(PIECES.get(i), (long) i);
        }
    }

    static long id(String piece) {
        int i = PIECES.indexOf(piece);
        if (i < 0) {
            throw new IllegalArgumentException(piece);
        }
        return i;
    }

    @Override
    public long[] encode(String text) {
        String[] words = text.isBlank() ? new String[0] : text.trim().split("\\s+");
        int start = withBos ? 1 : 0;
        long[] out = new long[words.length + start];
        if (withBos) {
            out[0] = 1;
        }
        for (int i = 0; i < words.length; i++) {
            out[start + i] = ids.getOrDefault("\u2581" + words[i], 0L);
        }
        return out;
    }

    @Override
    public String decode(long[] tokens) {
        StringBuilder s = new StringBuilder();
        for (long id : tokens) {
            if (id > 2) {
                s.append(PIECES.get((int) id).replace('\u2581', ' '));
            }
        }
        return s.toString().strip();
    }

    @Override
    public int vocabSize() {
        return PIECES.size();
    }

    @Override
    public OptionalLong bosId() {
        return withBos ? OptionalLong.of(1) : OptionalLong.empty();
    }

    @Override
    public Set<Long> eosIds() {
        return Set.of(2L);
    }

    @Override
    public OptionalLong pieceId(String piece) {
        Long id = ids.get(piece);
        return id == null ? OptionalLong.empty() : OptionalLong.of(id);
    }

    @Override
    public void close() {}
}
