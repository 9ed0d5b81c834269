package org.tagllm.knime.nodes.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CsvTableTest {

    private static final String CSV = "smiles,n,big,x,ok,note\n"
            + "CCO,1,3000000000,0.1,true,\"a, quoted\nvalue\"\n"
            + "c1ccccc1,2,4,1e-3,FALSE,\n";

    @Test
    void typesAreInferredAndDeclaredTypesWin() throws Exception {
        InMemoryTable t = CsvTable.read(new StringReader(CSV), "t.csv", Map.of("smiles", CellType.SMILES));
        assertEquals(List.of(ColumnSpec.of("smiles", CellType.SMILES), ColumnSpec.of("n", CellType.INTEGER),
                ColumnSpec.of("big", CellType.LONG), ColumnSpec.of("x", CellType.DOUBLE),
                ColumnSpec.of("ok", CellType.BOOLEAN), ColumnSpec.of("note", CellType.STRING)), t.shape().columns());
        assertEquals(List.of("Row0", "Row1"), t.rowList().stream().map(Row::key).toList());
        assertEquals(Row.of("Row0", "CCO", 1, 3_000_000_000L, 0.1, true, "a, quoted\nvalue"), t.row(0));
        assertEquals(0.001, t.row(1).cell(3));
        assertNull(t.row(1).cell(5), "an empty field is a missing cell");
    }

    @Test
    void aValueThatIsNotItsDeclaredTypeIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CsvTable.read(new StringReader(CSV), "t.csv", Map.of("note", CellType.DOUBLE)));
        assertEquals("t.csv, row 0, column 'note': 'a, quoted\nvalue' is not a double", e.getMessage());
    }
}
