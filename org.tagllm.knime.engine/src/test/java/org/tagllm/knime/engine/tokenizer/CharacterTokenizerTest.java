package org.tagllm.knime.engine.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CharacterTokenizerTest {

    /** A tokenizer of which a test needs its vocabulary size and what it overrides; nothing else is called. */
    private interface Minimal extends TextTokenizer {
        @Override
        default long[] encode(String text) {
            throw new UnsupportedOperationException();
        }

        @Override
        default String decode(long[] ids) {
            throw new UnsupportedOperationException();
        }

        @Override
        default OptionalLong bosId() {
            return OptionalLong.empty();
        }

        @Override
        default Set<Long> eosIds() {
            return Set.of();
        }

        @Override
        default void close() {}
    }

    /** A vocabulary given as a list of pieces (id = index); only pieceId matters here. */
    private record Pieces(List<String> pieces) implements Minimal {
        @Override
        public int vocabSize() {
            return pieces.size();
        }

        @Override
        public OptionalLong pieceId(String piece) {
            int i = pieces.indexOf(piece);
            return i < 0 ? OptionalLong.empty() : OptionalLong.of(i);
        }
    }

    /** SentencePiece: characters as themselves (never the '▁C' piece), else UTF-8 byte pieces <0xNN>. */
    @Test
    void sentencePieceCharactersThenBytePieces() {
        Pieces vocab = new Pieces(List.of("<unk>", "\u2581C", "C", "O", "<0x3D>", "<0xC3>", "<0x9F>", "<0x20>"));
        CharacterTokenizer c = CharacterTokenizer.of(vocab);
        assertArrayEquals(new long[] {2, 2, 4, 3}, c.encode("CC=O"));
        assertArrayEquals(new long[] {2, 5, 6, 7, 3}, c.encode("C\u00df O"), "ß is two bytes, space one");
        assertArrayEquals(new long[0], c.encode(""));
    }

    /** Byte-level BPE (GPT-2 alphabet): a space is 'Ġ', 'é' (C3 A9) is the two pieces 'Ã' and '©'. */
    @Test
    void byteLevelVocabulariesUseTheGpt2Alphabet() {
        Pieces vocab = new Pieces(List.of("C", "\u0120", "\u00c3", "\u00a9", "N"));
        CharacterTokenizer c = CharacterTokenizer.of(vocab);
        assertArrayEquals(new long[] {0, 1, 2, 3, 4}, c.encode("C \u00e9N"));
        assertEquals("\u0100", ByteLevelAlphabet.character(0));
        assertEquals("\u0120", ByteLevelAlphabet.character(0x20));
        assertEquals("!", ByteLevelAlphabet.character(0x21));
        assertEquals("\u0143", ByteLevelAlphabet.character(0xAD));
    }

    @Test
    void refusesCharactersTheVocabularyCannotSpellNamingThem() {
        CharacterTokenizer c = CharacterTokenizer.of(new Pieces(List.of("C", "<0x43>")));
        String message = assertThrows(IllegalArgumentException.class, () -> c.encode("CCN")).getMessage();
        assertEquals("character 'N' (U+004E) at offset 2 of \"CCN\" has no piece in the model's vocabulary, neither"
                + " as itself nor as byte pieces", message);
    }

    @Test
    void tokenizersWithoutPieceLookupSayso() {
        TextTokenizer plain = (Minimal) () -> 0; // no pieceId: the interface's default
        String message = assertThrows(UnsupportedOperationException.class,
                () -> CharacterTokenizer.of(plain).encode("C")).getMessage();
        assertTrue(message.endsWith("cannot look up vocabulary pieces"), message);
    }
}
