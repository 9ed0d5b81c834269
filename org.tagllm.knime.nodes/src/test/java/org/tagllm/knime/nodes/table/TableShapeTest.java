package org.tagllm.knime.nodes.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableShapeTest {

    private final TableShape shape = TableShape.of(ColumnSpec.of("a", CellType.STRING),
            ColumnSpec.of("b", CellType.DOUBLE), ColumnSpec.of("c", CellType.SMILES));

    @Test
    void aMissingColumnIsNamedWithTheColumnsThereAre() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> shape.column("x"));
        assertEquals("no column 'x'; the table has a, b, c", e.getMessage());
    }

    @Test
    void appendKeepsOrderAndRefusesADuplicateName() {
        TableShape more = shape.append(ColumnSpec.of("d", CellType.BOOLEAN));
        assertEquals(List.of("a", "b", "c", "d"), more.names());
        assertEquals(3, more.index("d"));
        assertThrows(IllegalArgumentException.class, () -> shape.append(ColumnSpec.of("b", CellType.STRING)));
    }

    @Test
    void theInMemoryTableChecksCellTypesAndKeepsMissingCells() {
        InMemoryTable t = InMemoryTable.builder(shape).addCells("x", 1.5, null).addCells(null, null, "CCO").build();
        assertEquals(2, t.size());
        assertEquals("Row1", t.row(1).key());
        assertEquals(java.util.Arrays.asList(1.5, null), t.column("b"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InMemoryTable.builder(shape).addCells("x", "not a double", null));
        assertEquals("row Row0, column 'b': a DOUBLE cell holds a Double, not a String (not a double)",
                e.getMessage());
    }
}
