package org.tagllm.knime.engine.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SequenceIdentityTest {

    /**
     * By hand: MKTAYIAK has the 3-mers MKT KTA TAY AYI YIA IAK (6); MKTAHIAK has MKT KTA TAH AHI HIA IAK (6). Shared:
     * MKT, KTA, IAK (3); in either: 6 + 6 − 3 = 9. Identity estimate 3 / 9 = 1/3 (the true identity, 7 of 8
     * positions, is higher: one substitution breaks up to three 3-mers, which is why this is a nearest-neighbour
     * measure, not a reported identity).
     */
    @Test
    void twoShortSequencesAgreeWithTheHandComputedValue() {
        assertEquals(1.0 / 3, SequenceIdentity.similarity("MKTAYIAK", "MKTAHIAK"), 1e-15);
        assertEquals(1.0, SequenceIdentity.similarity("MKTAYIAK", "mktayiak"), 0, "case does not matter");
        // Repeated 3-mers count once: AAAA has {AAA}, AAAAAA has {AAA}.
        assertEquals(1.0, SequenceIdentity.similarity("AAAA", "AAAAAA"), 0);
        assertEquals(0.0, SequenceIdentity.similarity("MKT", "WWW"), 0);
    }

    @Test
    void sequencesShorterThanThreeResiduesHaveNoKmersAndSimilarityZero() {
        assertEquals(0.0, SequenceIdentity.similarity("MK", "MK"), 0);
    }

    @Test
    void theNearestReferenceGivesTheMaximum() {
        SequenceIdentity reference = new SequenceIdentity(List.of("WWWWWWW", "MKTAHIAK", "MKTAYIAKQR"));
        // MKTAYIAK vs MKTAYIAKQR: 6 shared of 6 + 8 − 6 = 8 → 0.75; vs MKTAHIAK 1/3; vs WWWWWWW 0.
        assertEquals(0.75, reference.nearest("MKTAYIAK"), 1e-15);
        assertEquals(1.0, reference.nearest("MKTAHIAK"), 0);
        assertEquals(0.75, reference.nearest("MKTAYIAK"), 1e-15, "a cached answer is the same");
        assertEquals(3, reference.size());
    }

    @Test
    void anEmptyReferenceIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SequenceIdentity(List.of()));
    }
}
