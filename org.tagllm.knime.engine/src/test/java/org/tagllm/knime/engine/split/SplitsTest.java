package org.tagllm.knime.engine.split;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SplitsTest {

    private static final SplitFractions CHEMPROP = new SplitFractions(0.8, 0.1, 0.1);

    /** Keys "g0", "g0", "g1", … with the given group sizes. */
    private static List<String> keysOfSizes(int... sizes) {
        List<String> keys = new ArrayList<>();
        for (int g = 0; g < sizes.length; g++) {
            keys.addAll(Collections.nCopies(sizes[g], "g" + g));
        }
        return keys;
    }

    /** Independent check: the partition of every row of a group is the same. */
    private static void assertGroupsNotSplit(List<String> keys, Partition[] split) {
        Map<String, Partition> seen = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            Partition first = seen.putIfAbsent(keys.get(i), split[i]);
            assertTrue(first == null || first == split[i], "group " + keys.get(i) + " is in " + first + " and "
                    + split[i]);
        }
    }

    @Test
    void fractionsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new SplitFractions(0.9, 0.2, -0.1));
        assertThrows(IllegalArgumentException.class, () -> new SplitFractions(0.8, 0.1, 0.2));
        assertThrows(IllegalArgumentException.class, () -> new SplitFractions(Double.NaN, 0.5, 0.5));
        IllegalArgumentException sum = assertThrows(IllegalArgumentException.class,
                () -> new SplitFractions(0.5, 0.2, 0.2));
        assertTrue(sum.getMessage().contains("sum to 1"), sum.getMessage());
        assertEquals(0.2, new SplitFractions(0.7, 0.2, 0.1).of(Partition.VALID)); // sums to 0.9999999999999999
        new SplitFractions(1, 0, 0);
    }

    @Test
    void randomSplitCutsTheShuffledRowsAtTheFractions() {
        SplitSummary summary = SplitSummary.of(Splits.random(1000, CHEMPROP, 7));
        assertEquals(List.of(800, 100, 100), List.of(summary.rows(Partition.TRAIN), summary.rows(Partition.VALID),
                summary.rows(Partition.TEST)));
        SplitSummary tenRows = SplitSummary.of(Splits.random(10, new SplitFractions(0.7, 0.2, 0.1), 7));
        assertEquals(List.of(7, 2, 1), List.of(tenRows.rows(Partition.TRAIN), tenRows.rows(Partition.VALID),
                tenRows.rows(Partition.TEST)), "0.7 + 0.2 of 10 is 9 despite rounding in doubles");
        assertEquals(0, Splits.random(0, CHEMPROP, 7).length);
    }

    @Test
    void randomSplitIsReproducibleFromTheSeed() {
        assertArrayEquals(Splits.random(500, CHEMPROP, 42), Splits.random(500, CHEMPROP, 42));
        assertFalse(Arrays.equals(Splits.random(500, CHEMPROP, 42), Splits.random(500, CHEMPROP, 43)));
        Partition[] split = Splits.random(500, CHEMPROP, 42);
        assertFalse(Arrays.stream(split, 0, 400).allMatch(p -> p == Partition.TRAIN), "rows must be shuffled");
    }

    /** The documented algorithm, re-implemented: anyone can reproduce a split from the seed. */
    @Test
    void randomSplitFollowsTheDocumentedShuffle() {
        int n = 50;
        Integer[] rows = new Integer[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        SplittableRandom random = new SplittableRandom(2024);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Integer t = rows[i];
            rows[i] = rows[j];
            rows[j] = t;
        }
        Partition[] expected = new Partition[n];
        for (int k = 0; k < n; k++) {
            expected[rows[k]] = k < 40 ? Partition.TRAIN : k < 45 ? Partition.VALID : Partition.TEST;
        }
        assertArrayEquals(expected, Splits.random(n, CHEMPROP, 2024));
    }

    @Test
    void scaffoldSplitPutsBigGroupsInTrainLargestFirst() {
        // 100 rows; valid and test targets are 10, so groups above 5 rows are big: 40, 30, 6 (in that order).
        List<String> keys = keysOfSizes(6, 40, 2, 30, 3, 3, 2, 2, 2, 2, 2, 2, 2, 1, 1);
        assertEquals(100, keys.size());
        for (long seed = 0; seed < 20; seed++) {
            Partition[] split = Splits.scaffold(keys, CHEMPROP, seed);
            assertGroupsNotSplit(keys, split);
            for (String big : List.of("g0", "g1", "g3")) {
                assertEquals(Partition.TRAIN, split[keys.indexOf(big)], big + ", seed " + seed);
            }
            SplitSummary summary = SplitSummary.of(split, keys);
            assertTrue(summary.rows(Partition.TRAIN) <= 80 && summary.rows(Partition.VALID) <= 10, summary::toString);
            assertEquals(0, summary.sharedGroups());
        }
    }

    @Test
    void scaffoldSplitNeverOverfillsTrainOrValid() {
        // Fourteen groups of 7 (all big) then one of 2: eleven 7s fill train to 77, the twelfth goes to valid, the
        // next two do not fit anywhere but test, and the 2 still fits in train (79 of 80).
        List<String> keys = keysOfSizes(7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 2);
        Partition[] split = Splits.scaffold(keys, CHEMPROP, 0);
        SplitSummary summary = SplitSummary.of(split, keys);
        assertEquals(79, summary.rows(Partition.TRAIN));
        assertEquals(7, summary.rows(Partition.VALID));
        assertEquals(14, summary.rows(Partition.TEST));
        assertEquals(Partition.TRAIN, split[99]);
        assertGroupsNotSplit(keys, split);
    }

    @Test
    void scaffoldSplitSeedShufflesOnlyTheSmallGroups() {
        List<String> keys = new ArrayList<>(keysOfSizes(30));
        for (int g = 0; g < 70; g++) {
            keys.add("small" + g);
        }
        Partition[] a = Splits.scaffold(keys, CHEMPROP, 1);
        assertArrayEquals(a, Splits.scaffold(keys, CHEMPROP, 1));
        Partition[] b = Splits.scaffold(keys, CHEMPROP, 2);
        assertFalse(Arrays.equals(a, b), "another seed must move small groups");
        for (int i = 0; i < 30; i++) {
            assertEquals(Partition.TRAIN, a[i]);
            assertEquals(Partition.TRAIN, b[i]);
        }
    }

    @Test
    void groupedSplitKeepsGroupsWholeAndCutsAtTheMiddleOfAGroup() {
        List<String> keys = keysOfSizes(10, 10, 10, 10, 10, 10, 10, 10, 10, 10);
        Partition[] split = Splits.grouped(keys, CHEMPROP, 5);
        assertGroupsNotSplit(keys, split);
        SplitSummary summary = SplitSummary.of(split, keys);
        assertEquals(List.of(8, 1, 1), List.of(summary.groups(Partition.TRAIN), summary.groups(Partition.VALID),
                summary.groups(Partition.TEST)));
        assertArrayEquals(split, Splits.grouped(keys, CHEMPROP, 5));
        assertFalse(Arrays.equals(split, Splits.grouped(keys, CHEMPROP, 6)));
    }

    @Test
    void groupedSplitHonoursEmptyPartitions() {
        List<String> keys = keysOfSizes(3, 5, 2, 7);
        assertTrue(Arrays.stream(Splits.grouped(keys, new SplitFractions(1, 0, 0), 1))
                .allMatch(p -> p == Partition.TRAIN));
        assertTrue(Arrays.stream(Splits.grouped(keys, new SplitFractions(0.5, 0, 0.5), 1))
                .noneMatch(p -> p == Partition.VALID));
    }

    @Test
    void nullGroupKeysAreRefusedNamingTheRow() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Splits.grouped(Arrays.asList("a", "b", null), CHEMPROP, 1));
        assertEquals("group key of row 3 (index 2) is null", e.getMessage());
    }

    @Test
    void givenSplitMapsValuesAndNamesTheFirstUnknownOne() throws Exception {
        Map<String, Partition> mapping = Map.of("train", Partition.TRAIN, "val", Partition.VALID,
                "test", Partition.TEST);
        assertArrayEquals(new Partition[] {Partition.TRAIN, Partition.TEST, Partition.VALID},
                Splits.given(List.of("train", "test", "val"), mapping));
        UnknownPartitionException e = assertThrows(UnknownPartitionException.class,
                () -> Splits.given(List.of("train", "test", "Test", "x"), mapping));
        assertEquals(3, e.row());
        assertEquals("Test", e.value());
        assertEquals("row 3 (index 2): split value 'Test' is unknown; expected one of [test, train, val]",
                e.getMessage());
        UnknownPartitionException missing = assertThrows(UnknownPartitionException.class,
                () -> Splits.given(Arrays.asList("train", null), mapping));
        assertNull(missing.value());
        assertTrue(missing.getMessage().startsWith("row 2 (index 1): split value is missing"));
    }

    @Test
    void summaryCountsRowsGroupsAndLeaks() {
        Partition[] split = {Partition.TRAIN, Partition.TRAIN, Partition.VALID, Partition.TEST, Partition.TEST};
        List<String> keys = List.of("a", "b", "b", "c", "c");
        SplitSummary summary = SplitSummary.of(split, keys);
        assertEquals(5, summary.total());
        assertEquals(2, summary.rows(Partition.TRAIN));
        assertEquals(0.4, summary.fraction(Partition.TEST), 1e-12);
        assertEquals(2, summary.groups(Partition.TRAIN));
        assertEquals(1, summary.groups(Partition.VALID));
        assertEquals(1, summary.sharedGroups(), "b is in train and valid");
        assertEquals("train 2 rows (40.0%), 2 groups, valid 1 rows (20.0%), 1 groups, test 2 rows (40.0%), 1 groups; "
                + "1 groups in several partitions", summary.toString());
        SplitSummary rowsOnly = SplitSummary.of(split);
        assertFalse(rowsOnly.hasGroups());
        assertThrows(IllegalStateException.class, () -> rowsOnly.groups(Partition.TRAIN));
        assertThrows(IllegalArgumentException.class, () -> SplitSummary.of(new Partition[] {Partition.TRAIN, null}));
        assertThrows(IllegalArgumentException.class, () -> SplitSummary.of(split, List.of("a")));
    }
}
