package org.tagllm.knime.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Per-field caps of a {@link TokenBudget} (issue 19): one long field cannot crowd out the others. */
class FieldCapTest {

    @Test
    void aFieldOverItsCapIsCutToItEvenWhenTheTotalFits() {
        TokenBudget budget = new TokenBudget(TokenCounter.characters(), 2, 100, Map.of("smiles", 5));
        Map<String, String> in = smilesAndSequence("CCCCCCCCCC", "MKV");
        assertFalse(budget.fits(in), "10 characters over a cap of 5");
        Map<String, String> cut = budget.truncate(in);
        assertEquals("CCCCC", cut.get("smiles"));
        assertEquals("MKV", cut.get("sequence"));
        assertTrue(budget.fits(cut));
    }

    @Test
    void theTotalStillHoldsAfterTheCaps() {
        TokenBudget budget = new TokenBudget(TokenCounter.characters(), 0, 8, Map.of("smiles", 6));
        Map<String, String> in = smilesAndSequence("CCCCCCCCCC", "MKVLAAG");
        Map<String, String> cut = budget.truncate(in);
        assertTrue(budget.fits(cut), cut.toString());
        assertTrue(cut.get("smiles").length() <= 6, cut.toString());
        assertTrue(cut.get("smiles").length() + cut.get("sequence").length() <= 8, cut.toString());
    }

    @Test
    void columnsWithoutACapAndShortValuesAreLeftAlone() {
        TokenBudget budget = new TokenBudget(TokenCounter.characters(), 0, 50, Map.of("smiles", 5));
        Map<String, String> in = Map.of("smiles", "CCO", "text", "a long free text");
        assertTrue(budget.fits(in));
    }

    /** The fields of a pair, in order: smiles, then sequence. */
    private static Map<String, String> smilesAndSequence(String smiles, String sequence) {
        Map<String, String> in = new LinkedHashMap<>();
        in.put("smiles", smiles);
        in.put("sequence", sequence);
        return in;
    }
}
