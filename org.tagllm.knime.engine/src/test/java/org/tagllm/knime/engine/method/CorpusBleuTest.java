package org.tagllm.knime.engine.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Corpus BLEU against NLTK's documented example and cases computed by hand (tolerance 1e-12). */
class CorpusBleuTest {

    @Test
    void nltkDocumentationExample() {
        // nltk.translate.bleu_score.corpus_bleu docstring: two rows, three references for the first.
        String hyp1 = "It is a guide to action which ensures that the military always obeys the commands of the party";
        String ref1a = "It is a guide to action that ensures that the military will forever heed Party commands";
        String ref1b = "It is the guiding principle which guarantees the military forces always being under the "
                + "command of the Party";
        String ref1c = "It is the practical guide for the army always to heed the directions of the party";
        String hyp2 = "he read the book because he was interested in world history";
        String ref2a = "he was interested in world history because he read the book";
        double bleu = Metrics.corpusBleu(List.of(hyp1, hyp2), List.of(List.of(ref1a, ref1b, ref1c), List.of(ref2a)));
        assertEquals(0.5920778868801042, bleu, 1e-12);
    }

    @Test
    void brevityPenaltyByHand() {
        // Hypothesis "the cat sat on the mat" (c = 6) against "the cat sat on the red mat" (r = 7).
        // 1-grams: all 6 match. 2-grams: the cat, cat sat, sat on, on the match, the mat does not → 4/5.
        // 3-grams: 3 of 4 (on the mat misses). 4-grams: 2 of 3 (sat on the mat misses).
        // BLEU = (1 · 4/5 · 3/4 · 2/3)^(1/4) · exp(1 - 7/6) = 0.4^(1/4) · exp(-1/6) ≈ 0.67318.
        double bleu = Metrics.corpusBleu(List.of("the cat sat on the mat"),
                List.of(List.of("the cat sat on the red mat")));
        assertEquals(Math.pow(0.4, 0.25) * Math.exp(-1.0 / 6), bleu, 1e-12);
    }

    @Test
    void countsAreClippedByTheReference() {
        // "the" three times in the hypothesis, twice in the reference: 1-grams 6/7, 2-grams 5/6 (the the misses),
        // 3-grams 4/5, 4-grams 3/4; c = 7 > r = 6 so no penalty. BLEU = (3/7)^(1/4); unclipped it would be (1/2)^(1/4).
        double bleu = Metrics.corpusBleu(List.of("the the cat sat on the mat"),
                List.of(List.of("the cat sat on the mat")));
        assertEquals(Math.pow(3.0 / 7, 0.25), bleu, 1e-12);
    }

    @Test
    void exactMatchIsOne() {
        List<String> texts = List.of("a tag bank holds learned vectors", "the decoder stays frozen during training");
        assertEquals(1.0, Metrics.corpusBleu(texts, texts.stream().map(List::of).toList()), 1e-12);
    }

    @Test
    void theClosestReferenceLengthTiesToTheShorter() {
        // c = 5 and references of 4 and 6 tokens, both 1 away: r = 4 gives c > r and no penalty, so BLEU = 1;
        // taking 6 would give exp(1 - 6/5).
        double bleu = Metrics.corpusBleu(List.of("a b c d e"), List.of(List.of("a b c d e f", "a b c d")));
        assertEquals(1.0, bleu, 1e-12);
    }

    @Test
    void anEmptyPrecisionGivesZero() {
        // No 4-gram in a two-token hypothesis: p4 = 0/0, and without smoothing the score is 0.
        assertEquals(0.0, Metrics.corpusBleu(List.of("the cat"), List.of(List.of("the cat"))));
        // 4-grams present but none matches.
        assertEquals(0.0, Metrics.corpusBleu(List.of("w x y z"), List.of(List.of("w x y q"))));
    }

    @Test
    void tokensAreSplitOnAnyWhitespace() {
        assertEquals(List.of("the", "cat", "sat."), CorpusBleu.tokens("  the\tcat \n sat.  "));
        assertEquals(List.of(), CorpusBleu.tokens(" \t"));
        assertEquals(1.0, Metrics.corpusBleu(List.of("a  b\tc d"), List.of(List.of("a b c d"))), 1e-12);
    }

    @Test
    void badInputsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Metrics.corpusBleu(List.of(), List.of()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Metrics.corpusBleu(List.of("a", "b"), List.of(List.of("a"))));
        assertEquals("hypotheses has 2 rows but references has 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Metrics.corpusBleu(List.of("a b c d"), List.of(List.of())));
        assertTrue(e.getMessage().contains("row 0"), e.getMessage());
    }
}
