package org.tagllm.knime.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.SharedData;
import org.tagllm.knime.engine.chem.InvalidMoleculeException;
import org.tagllm.knime.engine.chem.Scaffolds;
import org.tagllm.knime.engine.split.DatasetSplit;
import org.tagllm.knime.engine.split.DatasetSplitter;
import org.tagllm.knime.engine.split.Partition;
import org.tagllm.knime.engine.split.SplitFractions;
import org.tagllm.knime.engine.split.SplitSpec;

/**
 * Cross-conformal folds of ESOL's exchangeable scaffold split: the test rows stay test in every fold; every other row
 * of a small scaffold family is held out (validation) in exactly one of the K folds, and no scaffold in two; the big
 * families (more than 56 rows, half the validation target), which a scaffold split never tests, always train.
 */
class EsolScaffoldFoldsTest {

    private static final SplitFractions CHEMPROP = new SplitFractions(0.8, 0.1, 0.1);
    private static final ColumnMapping ESOL = ColumnMapping.builder().input("smiles", ColumnKind.SMILES)
            .numericTarget("log_solubility").build();

    @Test
    void eachNonTestRowIsHeldOutOnceAndScaffoldsStayWhole() throws IOException, InvalidMoleculeException {
        Dataset esol = DatasetLoader.builder().badRows(BadRowPolicy.FAIL).build()
                .load(TableSpec.of(SharedData.require("molecules/esol.csv"), ESOL));
        SplitSpec base = new SplitSpec.ExchangeableScaffold("smiles", CHEMPROP, 2);
        DatasetSplit plain = DatasetSplitter.split(esol, ESOL, base);
        Set<Long> test = rows(plain, Partition.TEST);
        Set<Long> heldOut = new HashSet<>();
        Map<String, Integer> family = new HashMap<>();
        for (Example e : esol.examples()) {
            family.merge(Scaffolds.murcko(e.inputs().get("smiles")), 1, Integer::sum);
        }
        int small = 0;
        for (Partition p : List.of(Partition.TRAIN, Partition.VALID)) {
            for (Example e : plain.examples(p)) {
                small += family.get(Scaffolds.murcko(e.inputs().get("smiles"))) > 56.4 ? 0 : 1;
            }
        }
        Map<String, Integer> foldOfScaffold = new HashMap<>();
        int folds = 5;
        for (int k = 0; k < folds; k++) {
            DatasetSplit fold = DatasetSplitter.split(esol, ESOL, new SplitSpec.Fold(base, folds, k));
            assertEquals(test, rows(fold, Partition.TEST), "fold " + k + " tests on the base split's test rows");
            for (Example e : fold.examples(Partition.VALID)) {
                assertTrue(heldOut.add(e.row()), "row " + e.row() + " held out twice");
                Integer before = foldOfScaffold.putIfAbsent(Scaffolds.murcko(e.inputs().get("smiles")), k);
                assertTrue(before == null || before == k, "scaffold of row " + e.row() + " held out in folds "
                        + before + " and " + k);
            }
            // A fifth of the small families' rows each, within one family (at most 56 rows).
            int valid = fold.examples(Partition.VALID).size();
            assertTrue(Math.abs(valid - small / 5.0) <= 56, "fold " + k + " holds out " + valid + " rows");
            assertArrayEquals(fold.partitions(), DatasetSplitter.split(esol, ESOL, new SplitSpec.Fold(base, folds, k))
                    .partitions(), "same seed, same folds");
        }
        assertEquals(small, heldOut.size(), "every non-test row of a small family is held out once");
    }

    @Test
    void foldsAreCheckedAndDescribed() {
        SplitSpec base = new SplitSpec.Scaffold("smiles", CHEMPROP, 0);
        assertThrows(IllegalArgumentException.class, () -> new SplitSpec.Fold(base, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new SplitSpec.Fold(base, 5, 5));
        assertThrows(IllegalArgumentException.class, () -> new SplitSpec.Fold(new SplitSpec.Fold(base, 5, 0), 5, 0));
        assertEquals("scaffold of 'smiles', fractions 0.8 / 0.1 / 0.1, seed 0, its non-test rows in 5 folds by "
                + "scaffold of 'smiles', fold 3 held out", new SplitSpec.Fold(base, 5, 2).describe());
    }

    private static Set<Long> rows(DatasetSplit split, Partition p) {
        Set<Long> out = new HashSet<>();
        split.examples(p).forEach(e -> out.add(e.row()));
        return out;
    }
}
