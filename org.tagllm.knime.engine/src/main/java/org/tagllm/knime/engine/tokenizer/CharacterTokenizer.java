package org.tagllm.knime.engine.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Character-level tokenisation with a model's own vocabulary, as Tag-LLM reads SMILES strings and protein sequences:
 * every character is one token. A character maps to the vocabulary's single-character piece, spelled without the
 * SentencePiece dummy-prefix space ({@code "C"}, not {@code "\u2581C"}); when the vocabulary has no such piece, to the
 * pieces of its UTF-8 bytes: SentencePiece byte pieces {@code <0xNN>} (LLaMA, Mistral), else byte-level BPE pieces
 * (GPT-2's byte-to-character alphabet: Qwen2, LLaMA 3). An ASCII character is therefore always one token.
 *
 * <pre>{@code
 * long[] ids = CharacterTokenizer.of(tokenizer).encode("CC(=O)O");   // 7 ids; tokenizer.decode(ids) gives it back
 * }</pre>
 */
public final class CharacterTokenizer {

    private final TextTokenizer tokenizer;
    private final Map<Integer, long[]> memo = new HashMap<>(); // code point -> ids

    private CharacterTokenizer(TextTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /** Character tokenisation with {@code tokenizer}'s vocabulary (which must support {@link TextTokenizer#pieceId}). */
    public static CharacterTokenizer of(TextTokenizer tokenizer) {
        return new CharacterTokenizer(tokenizer);
    }

    /**
     * The ids of {@code text}, one per character (several byte pieces for a character outside the vocabulary that
     * needs more than one UTF-8 byte). No BOS, no dummy-prefix space.
     *
     * @throws IllegalArgumentException naming the character and its offset when the vocabulary can represent it
     *                                  neither as a piece nor as byte pieces
     */
    public long[] encode(String text) {
        long[] out = new long[text.length()];
        int n = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            long[] ids = idsOf(cp, text, i);
            if (n + ids.length > out.length) {
                out = Arrays.copyOf(out, Math.max(out.length * 2, n + ids.length));
            }
            System.arraycopy(ids, 0, out, n, ids.length);
            n += ids.length;
            i += Character.charCount(cp);
        }
        return Arrays.copyOf(out, n);
    }

    private synchronized long[] idsOf(int codePoint, String text, int offset) {
        long[] ids = memo.get(codePoint);
        if (ids == null) {
            ids = lookUp(codePoint);
            if (ids == null) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "character '%s' (U+%04X) at offset %d"
                        + " of \"%s\" has no piece in the model's vocabulary, neither as itself nor as byte pieces",
                        new String(Character.toChars(codePoint)), codePoint, offset, abbreviated(text)));
            }
            memo.put(codePoint, ids);
        }
        return ids;
    }

    private long[] lookUp(int codePoint) {
        String character = new String(Character.toChars(codePoint));
        OptionalLong single = tokenizer.pieceId(character);
        if (single.isPresent()) {
            return new long[] {single.getAsLong()};
        }
        byte[] bytes = character.getBytes(StandardCharsets.UTF_8);
        long[] sentencePiece = bytePieces(bytes, false);
        return sentencePiece != null ? sentencePiece : bytePieces(bytes, true);
    }

    /** Ids of the byte pieces of {@code bytes}, or null when one is missing. */
    private long[] bytePieces(byte[] bytes, boolean byteLevel) {
        long[] ids = new long[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xFF;
            String piece = byteLevel ? ByteLevelAlphabet.character(b) : String.format(Locale.ROOT, "<0x%02X>", b);
            OptionalLong id = tokenizer.pieceId(piece);
            if (id.isEmpty()) {
                return null;
            }
            ids[i] = id.getAsLong();
        }
        return ids;
    }

    private static String abbreviated(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
