package org.tagllm.knime.engine.split;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SplitSpecTest {

    private static final SplitFractions F = new SplitFractions(0.8, 0.1, 0.1);

    @Test
    void parsesTheFourMethods() {
        assertEquals(new SplitSpec.Random(F, 7), SplitSpec.parse(" Random ", F, 7));
        assertEquals(new SplitSpec.Scaffold("smiles", F, 7), SplitSpec.parse("scaffold:smiles", F, 7));
        assertEquals(new SplitSpec.Grouped("drug_idx", F, 7), SplitSpec.parse("group: drug_idx", F, 7));
        assertEquals(SplitSpec.Given.byColumn("split"), SplitSpec.parse("column:split", F, 7));
        assertEquals("scaffold of 'smiles', fractions 0.8 / 0.1 / 0.1, seed 7",
                SplitSpec.parse("scaffold:smiles", F, 7).describe());
    }

    @Test
    void nonsenseIsRefusedListingTheMethods() {
        for (String bad : new String[] {"scaffold", "group:", "random:x", "folds:split", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SplitSpec.parse(bad, F, 0), bad);
            assertEquals("unknown split '" + bad + "'; splits are random, scaffold:COLUMN, "
                    + "scaffold-exchangeable:COLUMN, group:COLUMN and "
                    + "column:COLUMN", e.getMessage());
        }
    }

    @Test
    void theDefaultMappingKnowsTheCommonNamesAndDavisFoldsIgnoringCase() {
        SplitSpec.Given given = SplitSpec.Given.byColumn("split");
        assertEquals(Partition.TRAIN, given.partitionOf("train"));
        for (String valid : new String[] {"valid", "Validation", "VAL", " dev "}) {
            assertEquals(Partition.VALID, given.partitionOf(valid), valid);
        }
        assertEquals(Partition.TEST, given.partitionOf("Test"));
        for (int fold = 0; fold < 4; fold++) {
            assertEquals(Partition.TRAIN, given.partitionOf("train" + fold));
        }
        assertEquals(Partition.VALID, given.partitionOf("train4"));
        assertNull(given.partitionOf("train5"));
        assertNull(given.partitionOf("holdout"));
    }

    @Test
    void aMappingThatFoldsTwoValuesToDifferentPartitionsIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SplitSpec.Given("s",
                Map.of("A", Partition.TRAIN, "a", Partition.TEST)));
        assertTrue(e.getMessage().contains("(values are compared ignoring case)"), e.getMessage());
    }
}
