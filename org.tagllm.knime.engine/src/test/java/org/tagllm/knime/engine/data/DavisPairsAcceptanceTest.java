package org.tagllm.knime.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.SharedData;
import org.tagllm.knime.engine.chem.MoleculeOptions;
import org.tagllm.knime.engine.protein.ProteinOptions;
import org.tagllm.knime.engine.split.DatasetSplit;
import org.tagllm.knime.engine.split.DatasetSplitter;
import org.tagllm.knime.engine.split.Partition;
import org.tagllm.knime.engine.split.SplitFractions;
import org.tagllm.knime.engine.split.SplitSpec;

/**
 * The acceptance on Davis: 30,056 drug–kinase pairs joined with the drugs' SMILES and the kinases' sequences
 * by id, checked, and split cold by drug and by target. Every one of the 68 drugs is paired with every one of the 442
 * kinases.
 */
class DavisPairsAcceptanceTest {

    private static final SplitFractions CHEMPROP = new SplitFractions(0.8, 0.1, 0.1);
    private static final ColumnMapping PAIRS = ColumnMapping.builder().input("smiles", ColumnKind.SMILES)
            .input("sequence", ColumnKind.PROTEIN).numericTarget("affinity").split("split").group("drug_idx")
            .group("target_idx").build();
    /** TESK1's sequence holds two X (unknown residue), at positions 55 and 242. */
    private static final String TESK1 = "406";

    private static Path pairs;
    private static PairTableJoiner davis;
    private static Dataset cached;

    /**
     * The pairs joined once for all tests, with the ambiguity codes allowed so that no pair is refused. Each test
     * asks, so that each is reported skipped where the shared data is absent.
     */
    private static synchronized Dataset joined() throws IOException {
        Path drugs = SharedData.require("dti/davis_drugs.csv");
        Path targets = SharedData.require("dti/davis_targets.csv");
        pairs = SharedData.require("dti/davis_pairs.csv");
        if (cached == null) {
            davis = PairTableJoiner.builder()
                    .join("drug_idx", KeyedTable.of(drugs, "drug_idx", "smiles"))
                    .join("target_idx", KeyedTable.of(targets, "target_idx", "sequence"))
                    .build();
            NormalizerRegistry ambiguityAllowed = NormalizerRegistry.standard(MoleculeOptions.asGiven(),
                    ProteinOptions.standard().withAmbiguityCodes());
            cached = DatasetLoader.builder().badRows(BadRowPolicy.FAIL).normalizers(ambiguityAllowed).build()
                    .load(TableSpec.of(pairs, PAIRS), davis);
        }
        return cached;
    }

    @Test
    void everyPairGetsItsMoleculeAndSequence() throws IOException {
        Dataset wide = joined();
        assertEquals(30_056, wide.report().rowsUsed());
        Example first = wide.examples().get(0);
        assertEquals("CC1=C2C=C(C=CC2=NN1)C3=CC(=CN=C3)OCC(CC4=CC=CC=C4)N", first.inputs().get("smiles"));
        assertTrue(first.inputs().get("sequence").startsWith("MKKFFDSRREQGG"), "AAK1");
        assertEquals(Map.of("drug_idx", "0", "target_idx", "0"), first.groups());
    }

    /** With the default residue check the 68 pairs of TESK1 are refused, naming the first X. */
    @Test
    void theStandardResidueCheckRefusesExactlyThePairsOfTheKinaseWithAnUnknownResidue() throws IOException {
        joined();
        Dataset strict = DatasetLoader.builder().badRows(BadRowPolicy.KEEP).build()
                .load(TableSpec.of(pairs, PAIRS), davis);
        List<Example> refused = strict.examples().stream().filter(Example::hasProblem).toList();
        assertEquals(68, refused.size());
        assertTrue(refused.stream().allMatch(e -> e.groups().get("target_idx").equals(TESK1)));
        assertEquals("sequence: invalid protein sequence ('X' at position 55 is not one of ACDEFGHIKLMNPQRSTVWY (an "
                + "IUPAC ambiguity code: read the column as kind protein_iupac to accept B, Z, J and X))",
                refused.get(0).problem());
    }

    @Test
    void coldByDrugKeepsEveryDrugInOnePartition() throws IOException {
        Dataset wide = joined();
        DatasetSplit split = coldSplit(wide, "drug_idx", List.of(54, 7, 7), 442);
        assertEquals(442, split.sharing("target_idx").sharedGroups(), "every kinase is seen in every partition");
        assertArrayEquals(split.partitions(), DatasetSplitter.split(wide, PAIRS,
                new SplitSpec.Grouped("drug_idx", CHEMPROP, 0)).partitions(), "same seed, same split");
        assertTrue(split.toText().contains("""
                  train                23,868 rows (79.4%), 54 groups
                  valid                3,094 rows (10.3%), 7 groups
                  test                 3,094 rows (10.3%), 7 groups
                  shared               0 groups in more than one partition
                  'drug_idx'           0 of 68 values in more than one partition
                  'target_idx'         442 of 442 values in more than one partition
                """), split.toText());
    }

    @Test
    void coldByTargetKeepsEveryKinaseInOnePartition() throws IOException {
        DatasetSplit split = coldSplit(joined(), "target_idx", List.of(354, 44, 44), 68);
        assertEquals(68, split.sharing("drug_idx").sharedGroups());
    }

    /** Davis' own folds through the default mapping: a warm split, every drug and kinase in every partition. */
    @Test
    void theGivenFoldsAreAWarmSplit() throws IOException {
        Dataset wide = joined();
        DatasetSplit split = DatasetSplitter.split(wide, PAIRS, SplitSpec.Given.byColumn("split"));
        assertEquals(List.of(), split.unsplit());
        assertEquals(List.of(20_037, 5_009, 5_010), sizes(split), "train0-train3 | train4 | test");
        assertEquals(68, split.sharing("drug_idx").sharedGroups());
        assertEquals(442, split.sharing("target_idx").sharedGroups());
    }

    /**
     * A cold split by {@code column}: each value in one partition, no group shared, {@code groups} per partition, and
     * {@code pairsPerGroup} pairs (every value of the other column) with each.
     */
    private static DatasetSplit coldSplit(Dataset wide, String column, List<Integer> groups, int pairsPerGroup) {
        DatasetSplit split = DatasetSplitter.split(wide, PAIRS, new SplitSpec.Grouped(column, CHEMPROP, 0));
        assertEquals(1, maxPartitionsPerValue(split, e -> e.groups().get(column)));
        assertEquals(0, split.summary().sharedGroups());
        assertEquals(groups, groups(split));
        assertEquals(groups.stream().map(g -> g * pairsPerGroup).toList(), sizes(split));
        return split;
    }

    /** Independent of SplitSummary: the most partitions any one value reaches. */
    private static int maxPartitionsPerValue(DatasetSplit split, Function<Example, String> value) {
        Map<String, Integer> mask = new HashMap<>();
        for (Partition p : Partition.values()) {
            for (Example e : split.examples(p)) {
                mask.merge(value.apply(e), 1 << p.ordinal(), (a, b) -> a | b);
            }
        }
        return mask.values().stream().mapToInt(Integer::bitCount).max().orElse(0);
    }

    private static List<Integer> sizes(DatasetSplit split) {
        return List.of(split.examples(Partition.TRAIN).size(), split.examples(Partition.VALID).size(),
                split.examples(Partition.TEST).size());
    }

    private static List<Integer> groups(DatasetSplit split) {
        return List.of(split.summary().groups(Partition.TRAIN), split.summary().groups(Partition.VALID),
                split.summary().groups(Partition.TEST));
    }
}
