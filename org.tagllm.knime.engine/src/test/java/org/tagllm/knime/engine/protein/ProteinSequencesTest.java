package org.tagllm.knime.engine.protein;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProteinSequencesTest {

    private static final ProteinOptions STANDARD = ProteinOptions.standard();

    private static InvalidSequenceException rejected(String raw, ProteinOptions options) {
        return assertThrows(InvalidSequenceException.class, () -> ProteinSequences.normalize(raw, options), raw);
    }

    @Test
    void lowerCaseIsFoldedAndWhitespaceRemoved() throws Exception {
        assertEquals("MKTAYIAKQ", ProteinSequences.normalize("mkt ayi\nAKQ", STANDARD));
        assertEquals("ACDEFGHIKLMNPQRSTVWY", ProteinSequences.normalize("acdefghiklmnpqrstvwy", STANDARD));
        assertEquals("MK", ProteinSequences.normalize("\t M\r\nK \u2003", STANDARD), "Unicode spaces too");
    }

    @Test
    void aDigitIsNamedWithItsPosition() {
        InvalidSequenceException e = rejected("MK1T", STANDARD);
        assertEquals(3, e.position());
        assertEquals("MK1T", e.input());
        assertEquals("'1' at position 3 is not one of ACDEFGHIKLMNPQRSTVWY", e.reason());
        assertEquals("invalid protein sequence 'MK1T': '1' at position 3 is not one of ACDEFGHIKLMNPQRSTVWY",
                e.getMessage());
    }

    @Test
    void positionsCountTheInputAsGivenIncludingWhitespace() {
        assertEquals(7, rejected("MKT AY-I", STANDARD).position(), "'-' is the 7th character");
        assertEquals(2, rejected("M\uD83D\uDE00K", STANDARD).position(), "a surrogate pair is one position");
    }

    @Test
    void unprintableCharactersAreShownByCodePoint() {
        String bell = rejected("MK\u0007T", STANDARD).reason(); // control characters are not quoted
        assertTrue(bell.startsWith("U+0007 ") && bell.endsWith(" at position 3 is not one of ACDEFGHIKLMNPQRSTVWY"),
                bell);
        assertEquals("'\u00e9' U+00E9 LATIN SMALL LETTER E WITH ACUTE at position 2 is not one of ACDEFGHIKLMNPQRSTVWY",
                rejected("M\u00e9", STANDARD).reason());
        assertEquals("'\u00a0' U+00A0 NO-BREAK SPACE at position 2 is not one of ACDEFGHIKLMNPQRSTVWY",
                rejected("M\u00a0K", STANDARD).reason(), "not whitespace to Java, so not silently removed");
    }

    @Test
    void ambiguityCodesOnlyWithTheOption() throws Exception {
        for (String code : new String[] {"B", "Z", "J", "X"}) {
            assertEquals(2, rejected("M" + code, STANDARD).position(), code);
            assertEquals("M" + code, ProteinSequences.normalize("m" + code.toLowerCase(),
                    STANDARD.withAmbiguityCodes()));
        }
        assertEquals(2, rejected("MU", STANDARD.withAmbiguityCodes()).position(), "U is not an ambiguity code");
    }

    @Test
    void selenocysteineAndPyrrolysineOnlyWithTheRareResidueOption() throws Exception {
        assertEquals(2, rejected("MU", STANDARD).position());
        assertEquals("MUO", ProteinSequences.normalize("MUO", STANDARD.withRareResidues()));
        assertEquals("ACDEFGHIKLMNPQRSTVWYBZJXUO",
                STANDARD.withAmbiguityCodes().withRareResidues().alphabet());
    }

    @Test
    void aTerminalStopIsAllowedOnlyWithTheOptionAndOnlyAtTheEnd() throws Exception {
        assertEquals("'*' at position 3 is not one of ACDEFGHIKLMNPQRSTVWY (remove the stop '*': stop codons are "
                + "not accepted in this column)", rejected("MK*", STANDARD).reason());
        ProteinOptions stop = STANDARD.withTerminalStop();
        assertEquals("MK", ProteinSequences.normalize("MK*", stop));
        assertEquals("MK", ProteinSequences.normalize("MK* \n", stop));
        InvalidSequenceException inner = rejected("MK*T", stop);
        assertEquals(3, inner.position());
        assertEquals("stop '*' at position 3 is followed by more residues", inner.reason());
    }

    @Test
    void emptyOrBlankSequencesAreErrors() {
        assertEquals("empty sequence", rejected("", STANDARD).reason());
        assertEquals(0, rejected("", STANDARD).position());
        assertEquals("no residues", rejected(" \n ", STANDARD).reason());
        assertEquals("no residues", rejected("*", STANDARD.withTerminalStop()).reason());
    }

    @Test
    void longInputsAreAbbreviatedInTheMessage() {
        InvalidSequenceException e = rejected("A".repeat(500) + "1", STANDARD);
        assertEquals(501, e.position());
        assertEquals("invalid protein sequence '" + "A".repeat(77) + "...': " + e.reason(), e.getMessage());
    }
}
