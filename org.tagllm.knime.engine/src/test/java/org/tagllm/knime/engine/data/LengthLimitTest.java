package org.tagllm.knime.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Examples held to the model's limit in its own tokens; a 100,000-character value costs nothing but its row. */
class LengthLimitTest {

    private static final int HUGE = 100_000;
    /** Text: a SMILES this long never reaches the limit, CDK's check refuses it first (see BrokenInputsTest). */
    private static final ColumnMapping MAPPING =
            ColumnMapping.builder().input("smiles", ColumnKind.TEXT).numericTarget("y").build();

    @TempDir
    Path tmp;

    @Test
    void truncateCutsTheHugeValueToFitAndCountsIt() throws IOException {
        Dataset d = load(LengthPolicy.TRUNCATE, BadRowPolicy.FAIL);
        assertEquals(3, d.examples().size());
        assertEquals(510, d.examples().get(1).inputs().get("smiles").length(), "512 minus 2 tokens of overhead");
        assertEquals("CCO", d.examples().get(0).inputs().get("smiles"));
        assertEquals(1, d.report().rowsTruncated());
        assertEquals(3, d.report().rowsUsed());
    }

    @Test
    void skipDropsTheHugeRowAndReportsIt() throws IOException {
        Dataset d = load(LengthPolicy.SKIP, BadRowPolicy.KEEP);
        assertEquals(List.of(1L, 3L), d.examples().stream().map(Example::row).toList(), "length SKIP beats KEEP");
        assertEquals(1, d.report().rowsSkipped());
        Problem p = d.report().reasons().get(0).examples().get(0);
        assertEquals(new Problem(2, 3, "smiles", "C".repeat(HUGE), "too long", "100002 tokens; the limit is 512"), p);
        assertTrue(p.value().length() <= 80, p.value());
    }

    @Test
    void failStopsAtTheHugeRowWithAShortMessage() {
        BadRowException e = assertThrows(BadRowException.class, () -> load(LengthPolicy.FAIL, BadRowPolicy.SKIP));
        assertEquals(2, e.problem().row());
        assertTrue(e.getMessage().contains("row 2 (line 3), column 'smiles', value 'CCCC"), e.getMessage());
        assertTrue(e.getMessage().contains("(100000 characters)': too long (100002 tokens; the limit is 512)"),
                e.getMessage());
        assertTrue(e.getMessage().length() < 300, e.getMessage());
    }

    @Test
    void aRowThatCannotBeCutToFitIsABadRowUnderTheBadRowPolicy() throws IOException {
        Path file = Files.writeString(tmp.resolve("pair.csv"), "drug,protein\nCCO,MKT\n");
        ColumnMapping pair = ColumnMapping.builder().input("drug", ColumnKind.SMILES)
                .input("protein", ColumnKind.PROTEIN).build();
        LengthLimit limit = new LengthLimit(new TokenBudget(TokenCounter.characters(), 4, 5), LengthPolicy.TRUNCATE);
        Dataset d = DatasetLoader.builder().badRows(BadRowPolicy.KEEP).lengthLimit(limit).build()
                .load(TableSpec.of(file, pair));
        assertEquals("too long (cannot be cut to fit: 2 input values and 1 token for them)",
                d.examples().get(0).problem());
        assertEquals(1, d.report().rowsKept());
        assertEquals(0, d.report().rowsTruncated());
    }

    @Test
    void truncationSearchesThePrefixLengthInFewCounts() {
        AtomicInteger counts = new AtomicInteger();
        TokenCounter counting = (column, value) -> {
            counts.incrementAndGet();
            return value.length();
        };
        TokenBudget budget = new TokenBudget(counting, 1, 100);
        Map<String, String> cut = budget.truncate(Map.of("s", "x".repeat(HUGE)));
        assertEquals(99, cut.get("s").length());
        assertTrue(counts.get() <= 20, counts.get() + " counts for a 100,000-character value");
    }

    @Test
    void theLongestValueIsCutToWhatTheOthersLeave() {
        TokenBudget budget = new TokenBudget(TokenCounter.characters(), 0, 10);
        assertEquals(inputs("a", "abc", "b", "1234567"), budget.truncate(inputs("a", "abc", "b", "123456789")));
    }

    @Test
    void whenTheOthersLeaveTooLittleEachIsCutToItsShare() {
        TokenBudget budget = new TokenBudget(TokenCounter.characters(), 0, 10);
        assertEquals(inputs("a", "aaaaa", "b", "bbbbb"),
                budget.truncate(inputs("a", "a".repeat(40), "b", "b".repeat(30))));
        assertNull(new TokenBudget(TokenCounter.characters(), 8, 10).truncate(inputs("a", "xx", "b", "yy", "c", "zz")),
                "three values cannot share two tokens");
    }

    /** Half a surrogate pair is not a character: the cut keeps whole ones even when that leaves a token unused. */
    @Test
    void cutsNeverSplitASurrogatePair() {
        String emoji = "😀😀😀😀"; // 8 UTF-16 units
        TokenBudget budget = new TokenBudget(TokenCounter.characters(), 0, 5);
        assertEquals("😀😀", budget.truncate(Map.of("t", emoji)).get("t"));
    }

    @Test
    void aBudgetWithoutRoomIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TokenBudget(TokenCounter.characters(), 512, 512));
    }

    private Dataset load(LengthPolicy lengthPolicy, BadRowPolicy badRows) throws IOException {
        Path file = tmp.resolve("huge.csv");
        Files.writeString(file, "smiles,y\nCCO,1\n" + "C".repeat(HUGE) + ",2\nCCN,3\n");
        LengthLimit limit = new LengthLimit(new TokenBudget(TokenCounter.characters(), 2, 512), lengthPolicy);
        return DatasetLoader.builder().badRows(badRows).lengthLimit(limit).build().load(TableSpec.of(file, MAPPING));
    }

    private static Map<String, String> inputs(String... columnsAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < columnsAndValues.length; i += 2) {
            m.put(columnsAndValues[i], columnsAndValues[i + 1]);
        }
        return m;
    }
}
