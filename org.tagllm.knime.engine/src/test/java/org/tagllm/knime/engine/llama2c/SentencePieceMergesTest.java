package org.tagllm.knime.engine.llama2c;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.llama2c.SentencePieceMerges.Merge;

class SentencePieceMergesTest {

    @Test
    void everySplitIntoKnownPiecesIsAMergeRankedByScore() {
        //                            0        1      2       3    4    5    6     7     8      9
        List<String> pieces = List.of("<unk>", "<s>", "</s>", "a", "b", "c", "ab", "bc", "abc", "▁a");
        float[] scores = {0, 0, 0, -10, -11, -12, -2, -3, -1, -4};
        List<Merge> merges = SentencePieceMerges.derive(pieces, scores, Set.of(0, 1, 2));
        assertEquals(List.of(
                new Merge(3, 7, 8), // a + bc = abc (score -1; left id 3 before 6)
                new Merge(6, 5, 8), // ab + c = abc
                new Merge(3, 4, 6), // a + b = ab (-2)
                new Merge(4, 5, 7)), // b + c = bc (-3)
                merges, "'▁a' has no split: '▁' is not a piece");
    }

    @Test
    void negativeZeroTiesWithZeroAsInLlama2c() {
        List<String> pieces = List.of("x", "y", "xy", "yx");
        float[] scores = {-5, -6, -0.0f, 0.0f};
        List<Merge> merges = SentencePieceMerges.derive(pieces, scores, Set.of());
        assertEquals(List.of(new Merge(0, 1, 2), new Merge(1, 0, 3)), merges);
    }

    @Test
    void excludedPiecesTakeNoPart() {
        List<String> pieces = List.of("<", "s>", "<s>", "😀", "😀😀");
        List<Merge> merges = SentencePieceMerges.derive(pieces, new float[] {-1, -2, -3, -4, -5}, Set.of(2));
        assertEquals(List.of(new Merge(3, 3, 4)), merges, "splits fall between code points, never inside one");
    }
}
