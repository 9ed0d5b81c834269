package org.tagllm.knime.engine.llama2c;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a SentencePiece BPE vocabulary with scores into ranked BPE merges, the way Hugging Face's converter
 * ({@code SentencePieceExtractor}) does: every split of a piece into two pieces that are both in the vocabulary is a
 * merge, and merges are ranked by the merged piece's score, highest first. Ties are broken by the merged piece's id,
 * then by the left and the right part's ids, which is the order HF's stable sort leaves them in.
 */
final class SentencePieceMerges {

    /** One merge: {@code left + right = merged}, all ids. */
    record Merge(int left, int right, int merged) {}

    private SentencePieceMerges() {}

    /**
     * @param pieces   the vocabulary in Hugging Face form ('▁' for space), index = id
     * @param scores   the score of every piece
     * @param excluded ids that never take part in a merge (special tokens, which the model never sees as text)
     */
    static List<Merge> derive(List<String> pieces, float[] scores, Set<Integer> excluded) {
        Map<String, Integer> ids = new HashMap<>();
        for (int id = 0; id < pieces.size(); id++) {
            if (!excluded.contains(id)) {
                ids.put(pieces.get(id), id);
            }
        }
        List<Merge> merges = new ArrayList<>();
        for (int id = 0; id < pieces.size(); id++) {
            String piece = pieces.get(id);
            if (excluded.contains(id) || piece.codePointCount(0, piece.length()) < 2) {
                continue;
            }
            // Split at code point boundaries only: half a surrogate pair is never a piece.
            for (int at = piece.offsetByCodePoints(0, 1); at < piece.length(); at = piece.offsetByCodePoints(at, 1)) {
                Integer left = ids.get(piece.substring(0, at));
                Integer right = ids.get(piece.substring(at));
                if (left != null && right != null) {
                    merges.add(new Merge(left, right, id));
                }
            }
        }
        // Scores compare as numbers, so -0.0 ties with 0.0 as it does in llama2.c's "score > best".
        Comparator<Merge> byScore = (a, b) -> Float.compare(scores[b.merged] + 0.0f, scores[a.merged] + 0.0f);
        merges.sort(byScore.thenComparingInt(Merge::merged).thenComparingInt(Merge::left)
                .thenComparingInt(Merge::right));
        return merges;
    }
}
