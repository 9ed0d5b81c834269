package org.tagllm.knime.engine.split;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.SharedData;
import org.tagllm.knime.engine.chem.Scaffolds;

/** Splits of the shared real data sets: ESOL by scaffold, Davis by drug. */
class RealDataSplitsTest {

    private static final SplitFractions CHEMPROP = new SplitFractions(0.8, 0.1, 0.1);

    /** Independent of SplitSummary: every key's rows share one partition. */
    private static void assertNoKeyInTwoPartitions(List<String> keys, Partition[] split) {
        Map<String, Set<Partition>> partitionsOfKey = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            partitionsOfKey.computeIfAbsent(keys.get(i), k -> new HashSet<>()).add(split[i]);
        }
        partitionsOfKey.forEach((key, partitions) ->
                assertEquals(1, partitions.size(), "'" + key + "' is in " + partitions));
    }

    @Test
    void esolScaffoldSplit() throws Exception {
        List<String> smiles = SharedData.column(SharedData.require("molecules/esol.csv"), "smiles");
        assertEquals(1128, smiles.size());
        List<String> scaffolds = new ArrayList<>();
        for (String s : smiles) {
            scaffolds.add(Scaffolds.murcko(s));
        }
        // 269 distinct Murcko scaffolds, the count usually reported for ESOL with RDKit; 317 acyclic molecules.
        assertEquals(269, new HashSet<>(scaffolds).size());
        assertEquals(317, scaffolds.stream().filter(String::isEmpty).count());

        Partition[] split = Splits.scaffold(scaffolds, CHEMPROP, 0);
        assertNoKeyInTwoPartitions(scaffolds, split);
        SplitSummary summary = SplitSummary.of(split, scaffolds);
        assertEquals(0, summary.sharedGroups());
        // Tolerance one percentage point (about 11 rows): groups do not fill the targets exactly.
        for (Partition p : Partition.values()) {
            assertEquals(CHEMPROP.of(p), summary.fraction(p), 0.01, p + ": " + summary);
        }
        assertEquals(List.of(902, 112, 114), List.of(summary.rows(Partition.TRAIN), summary.rows(Partition.VALID),
                summary.rows(Partition.TEST)), "seed 0 of this implementation");

        assertArrayEquals(split, Splits.scaffold(scaffolds, CHEMPROP, 0), "same seed, same split");
        Partition[] other = Splits.scaffold(scaffolds, CHEMPROP, 1);
        assertFalse(Arrays.equals(split, other), "another seed reshuffles the small scaffolds");
        assertNoKeyInTwoPartitions(scaffolds, other);
        for (int i = 0; i < split.length; i++) {
            if (scaffolds.get(i).isEmpty() || scaffolds.get(i).equals("c1ccccc1")) {
                assertEquals(Partition.TRAIN, split[i], "the two largest scaffolds go to train whatever the seed");
                assertEquals(Partition.TRAIN, other[i]);
            }
        }
    }

    @Test
    void davisColdDrugSplit() throws Exception {
        List<String> drugs = SharedData.column(SharedData.require("dti/davis_pairs.csv"), "drug_idx");
        assertEquals(30_056, drugs.size());
        assertEquals(68, new HashSet<>(drugs).size());
        int groupSize = 442; // every drug is paired with all 442 kinases

        Partition[] split = Splits.grouped(drugs, CHEMPROP, 0);
        assertNoKeyInTwoPartitions(drugs, split);
        SplitSummary summary = SplitSummary.of(split, drugs);
        assertEquals(0, summary.sharedGroups());
        assertEquals(68, summary.groups(Partition.TRAIN) + summary.groups(Partition.VALID)
                + summary.groups(Partition.TEST));
        // Each cut lands within half a group of its target; valid has two cuts.
        int n = drugs.size();
        assertEquals(0.8 * n, summary.rows(Partition.TRAIN), groupSize / 2.0, summary.toString());
        assertEquals(0.1 * n, summary.rows(Partition.VALID), groupSize, summary.toString());
        assertEquals(0.1 * n, summary.rows(Partition.TEST), groupSize / 2.0, summary.toString());

        assertArrayEquals(split, Splits.grouped(drugs, CHEMPROP, 0));
        assertFalse(testDrugs(drugs, split).equals(testDrugs(drugs, Splits.grouped(drugs, CHEMPROP, 1))),
                "another seed picks other test drugs");
    }

    /** Davis' own split column is a warm split: every drug appears in every partition. */
    @Test
    void davisGivenSplitLeaksEveryDrug() throws Exception {
        var csv = SharedData.require("dti/davis_pairs.csv");
        List<String> drugs = SharedData.column(csv, "drug_idx");
        Map<String, Partition> mapping = Map.of("train0", Partition.TRAIN, "train1", Partition.TRAIN,
                "train2", Partition.TRAIN, "train3", Partition.TRAIN, "train4", Partition.VALID,
                "test", Partition.TEST);
        SplitSummary summary = SplitSummary.of(Splits.given(SharedData.column(csv, "split"), mapping), drugs);
        assertEquals(30_056, summary.total());
        assertEquals(68, summary.sharedGroups());
        assertTrue(summary.rows(Partition.TEST) > 0 && summary.rows(Partition.VALID) > 0);
    }

    private static Set<String> testDrugs(List<String> drugs, Partition[] split) {
        Set<String> test = new HashSet<>();
        for (int i = 0; i < split.length; i++) {
            if (split[i] == Partition.TEST) {
                test.add(drugs.get(i));
            }
        }
        return test;
    }
}
