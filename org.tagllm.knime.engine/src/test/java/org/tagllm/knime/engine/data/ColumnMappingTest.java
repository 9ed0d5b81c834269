package org.tagllm.knime.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ColumnMappingTest {

    @Test
    void inputColumnsParseWithAnOptionalKind() {
        assertEquals(new InputColumn("smiles", ColumnKind.SMILES), InputColumn.parse("smiles:SMILES"));
        assertEquals(new InputColumn("seq", ColumnKind.PROTEIN), InputColumn.parse(" seq : protein "));
        assertEquals(new InputColumn("notes", ColumnKind.TEXT), InputColumn.parse("notes"));
        assertEquals(new InputColumn("conc:uM", ColumnKind.TEXT), InputColumn.parse("conc:uM:text"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InputColumn.parse("conc:uM"));
        assertTrue(e.getMessage().contains("unknown column kind 'uM'; kinds are [smiles, protein, protein_iupac, text]"),
                e.getMessage());
        assertTrue(e.getMessage().contains("add the kind: NAME:text"), e.getMessage());
    }

    @Test
    void aColumnHasOneRole() {
        IllegalArgumentException leak = assertThrows(IllegalArgumentException.class, () -> ColumnMapping.builder()
                .input("smiles", ColumnKind.SMILES).numericTarget("smiles").build());
        assertTrue(leak.getMessage().contains("column 'smiles' is named twice (again as target)"), leak.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ColumnMapping.builder().input("s", ColumnKind.SMILES)
                .numericTarget("y").label("c").build());
        assertThrows(IllegalArgumentException.class, () -> ColumnMapping.builder().numericTarget("y").build());
    }

    /** Pair data groups by the same ids it may also feed in. */
    @Test
    void groupsMayAlsoBeInputs() {
        ColumnMapping m = ColumnMapping.builder().input("drug_idx", ColumnKind.TEXT).numericTarget("affinity")
                .split("split").group("drug_idx").group("target_idx").build();
        assertEquals(List.of("drug_idx", "affinity", "split", "target_idx"), List.copyOf(m.referencedColumns()));
    }
}
