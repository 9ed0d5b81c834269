package org.tagllm.knime.engine.method;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Corpus BLEU-4 (Papineni et al. 2002), as NLTK's {@code corpus_bleu} with its default weights and no smoothing.
 *
 * <ol>
 * <li>Tokens: each text split on whitespace ({@link Character#isWhitespace}); nothing else is normalised, so case
 *     and punctuation attached to a word count.
 * <li>For n = 1..4, the clipped matches of each hypothesis (an n-gram counts at most as often as it occurs in the
 *     reference where it occurs most) and its n-gram count are summed over the corpus; p<sub>n</sub> is their ratio.
 * <li>If any p<sub>n</sub> is 0 the score is 0 (no smoothing); else the geometric mean of the four.
 * <li>Brevity penalty from corpus lengths: c = total hypothesis tokens, r = sum over rows of the reference length
 *     closest to the hypothesis length (a tie goes to the shorter). BP = 1 if c &gt; r, else exp(1 − r/c).
 * </ol>
 */
final class CorpusBleu {

    static final int MAX_ORDER = 4;

    private CorpusBleu() {}

    static double score(List<String> hypotheses, List<List<String>> references) {
        Metrics.checkLengths("hypotheses", hypotheses.size(), "references", references.size());
        long[] matches = new long[MAX_ORDER + 1];
        long[] totals = new long[MAX_ORDER + 1];
        long hypothesisLength = 0;
        long referenceLength = 0;
        for (int row = 0; row < hypotheses.size(); row++) {
            List<String> hypothesis = tokens(hypotheses.get(row));
            List<String> rowReferences = references.get(row);
            if (rowReferences.isEmpty()) {
                throw new IllegalArgumentException("row " + row + " has no reference text");
            }
            List<List<String>> referenceTokens = rowReferences.stream().map(CorpusBleu::tokens).toList();
            for (int n = 1; n <= MAX_ORDER; n++) {
                Map<List<String>, Integer> maxInReference = new HashMap<>();
                for (List<String> reference : referenceTokens) {
                    ngrams(reference, n).forEach((g, count) -> maxInReference.merge(g, count, Math::max));
                }
                for (Map.Entry<List<String>, Integer> e : ngrams(hypothesis, n).entrySet()) {
                    matches[n] += Math.min(e.getValue(), maxInReference.getOrDefault(e.getKey(), 0));
                    totals[n] += e.getValue();
                }
            }
            hypothesisLength += hypothesis.size();
            referenceLength += closestLength(referenceTokens, hypothesis.size());
        }
        double logSum = 0;
        for (int n = 1; n <= MAX_ORDER; n++) {
            if (matches[n] == 0) {
                return 0.0;
            }
            logSum += Math.log((double) matches[n] / totals[n]) / MAX_ORDER;
        }
        double brevity = hypothesisLength > referenceLength ? 1.0
                : Math.exp(1.0 - (double) referenceLength / hypothesisLength);
        return brevity * Math.exp(logSum);
    }

    /** Maximal runs of characters that are not {@link Character#isWhitespace}. */
    static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            boolean space = i == text.length() || Character.isWhitespace(text.charAt(i));
            if (space && start >= 0) {
                tokens.add(text.substring(start, i));
                start = -1;
            } else if (!space && start < 0) {
                start = i;
            }
        }
        return tokens;
    }

    private static Map<List<String>, Integer> ngrams(List<String> tokens, int n) {
        Map<List<String>, Integer> counts = new HashMap<>();
        for (int i = 0; i + n <= tokens.size(); i++) {
            counts.merge(new ArrayList<>(tokens.subList(i, i + n)), 1, Integer::sum);
        }
        return counts;
    }

    private static int closestLength(List<List<String>> references, int length) {
        int best = references.get(0).size();
        for (List<String> reference : references) {
            int size = reference.size();
            int distance = Math.abs(size - length);
            int bestDistance = Math.abs(best - length);
            if (distance < bestDistance || distance == bestDistance && size < best) {
                best = size;
            }
        }
        return best;
    }
}
