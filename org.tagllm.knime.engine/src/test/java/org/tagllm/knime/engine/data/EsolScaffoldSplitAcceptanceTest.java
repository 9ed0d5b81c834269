package org.tagllm.knime.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.SharedData;
import org.tagllm.knime.engine.chem.InvalidMoleculeException;
import org.tagllm.knime.engine.chem.Scaffolds;
import org.tagllm.knime.engine.split.DatasetSplit;
import org.tagllm.knime.engine.split.DatasetSplitter;
import org.tagllm.knime.engine.split.Partition;
import org.tagllm.knime.engine.split.SplitFractions;
import org.tagllm.knime.engine.split.SplitSpec;

/** The acceptance: ESOL loaded and split by Bemis–Murcko scaffold, no scaffold in two partitions. */
class EsolScaffoldSplitAcceptanceTest {

    private static final SplitFractions CHEMPROP = new SplitFractions(0.8, 0.1, 0.1);
    private static final ColumnMapping ESOL = ColumnMapping.builder().input("smiles", ColumnKind.SMILES)
            .numericTarget("log_solubility").build();

    @Test
    void noScaffoldIsInTwoPartitionsAndTheSeedReproducesTheSplit() throws IOException, InvalidMoleculeException {
        Dataset esol = DatasetLoader.builder().badRows(BadRowPolicy.FAIL).build()
                .load(TableSpec.of(SharedData.require("molecules/esol.csv"), ESOL));
        DatasetSplit split = DatasetSplitter.split(esol, ESOL, new SplitSpec.Scaffold("smiles", CHEMPROP, 0));

        // Checked from the partitions themselves, not from the split's own summary.
        Map<String, Partition> partitionOfScaffold = new HashMap<>();
        for (Partition p : Partition.values()) {
            for (Example e : split.examples(p)) {
                String scaffold = Scaffolds.murcko(e.inputs().get("smiles"));
                Partition before = partitionOfScaffold.putIfAbsent(scaffold, p);
                assertEquals(before == null ? p : before, p, "scaffold '" + scaffold + "' of row " + e.row());
            }
        }
        assertEquals(269, partitionOfScaffold.size(), "ESOL's 269 Murcko scaffolds");
        assertEquals(0, split.summary().sharedGroups());
        assertEquals(List.of(902, 112, 114), sizes(split), "seed 0");
        assertEquals(List.of(), split.unsplit());

        DatasetSplit again = DatasetSplitter.split(esol, ESOL, new SplitSpec.Scaffold("smiles", CHEMPROP, 0));
        assertArrayEquals(split.partitions(), again.partitions(), "same seed, same split");
        DatasetSplit other = DatasetSplitter.split(esol, ESOL, new SplitSpec.Scaffold("smiles", CHEMPROP, 1));
        assertFalse(Arrays.equals(split.partitions(), other.partitions()), "another seed, another split");
        assertEquals(0, other.summary().sharedGroups());
    }

    private static List<Integer> sizes(DatasetSplit split) {
        return List.of(split.examples(Partition.TRAIN).size(), split.examples(Partition.VALID).size(),
                split.examples(Partition.TEST).size());
    }
}
