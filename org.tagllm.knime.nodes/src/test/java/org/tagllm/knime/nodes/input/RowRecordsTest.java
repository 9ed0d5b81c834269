package org.tagllm.knime.nodes.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.chem.InvalidMoleculeException;
import org.tagllm.knime.engine.data.BadRowPolicy;
import org.tagllm.knime.engine.data.ColumnKind;
import org.tagllm.knime.engine.data.ColumnMapping;
import org.tagllm.knime.engine.data.Dataset;
import org.tagllm.knime.engine.data.DatasetLoader;
import org.tagllm.knime.engine.data.read.RecordReader;
import org.tagllm.knime.engine.data.read.SourceRecord;
import org.tagllm.knime.engine.data.TableSpec;
import org.tagllm.knime.nodes.NodeFixture;
import org.tagllm.knime.nodes.table.CellType;
import org.tagllm.knime.nodes.table.ColumnSpec;
import org.tagllm.knime.nodes.table.InMemoryTable;
import org.tagllm.knime.nodes.table.Row;
import org.tagllm.knime.nodes.table.TableShape;

class RowRecordsTest {

    @TempDir
    Path tmp;

    private static final double AWKWARD = 0.1 + 0.2; // 0.30000000000000004: needs every digit

    private static InMemoryTable table() throws Exception {
        return InMemoryTable.builder(TableShape.of(ColumnSpec.of("mol", CellType.SDF),
                ColumnSpec.of("y", CellType.DOUBLE), ColumnSpec.of("n", CellType.INTEGER),
                ColumnSpec.of("unused", CellType.STRING)))
                .add(Row.of("a", NodeFixture.molBlock("OCC"), AWKWARD, 3, "x"))
                .add(Row.of("b", null, 1e-300, null, "y"))
                .add(Row.of("c", "not a mol block", -2.5, 7, "z"))
                .build();
    }

    @Test
    void everyRowIsOneRecordNumberedFromOneWithCellsAsTheEngineParsesThem() throws Exception {
        RowRecords records = new RowRecords(table(), "input table", List.of("mol", "y", "n"));
        List<SourceRecord> read = new ArrayList<>();
        try (RecordReader r = records.open()) {
            assertEquals(List.of("mol", "y", "n"), r.columns());
            r.forEachRemaining(read::add);
        }
        assertEquals(3, read.size());
        assertEquals(List.of(1L, 2L, 3L), read.stream().map(SourceRecord::number).toList());
        assertEquals("b", records.key(2));
        assertEquals(canonical("CCO"), read.get(0).fields().get("mol"), "CDK's canonical SMILES of the block");
        assertEquals(AWKWARD, Double.parseDouble(read.get(0).fields().get("y")));
        assertEquals("3", read.get(0).fields().get("n"));
        assertEquals("", read.get(1).fields().get("mol"), "a missing cell is empty text");
        assertEquals(1e-300, Double.parseDouble(read.get(1).fields().get("y")));
        assertTrue(read.get(2).isBad(), "an unreadable mol block is an unreadable record");
        assertEquals(RowRecords.UNREADABLE_MOLECULE, read.get(2).parseError().reason());
        assertTrue(read.get(2).parseError().detail().startsWith("column 'mol' of row c: "),
                read.get(2).parseError().detail());
    }

    @Test
    void theEngineLoadsTheTableThroughTheRecordsAndReportsBadRowsByRecordNumber() throws Exception {
        RowRecords records = new RowRecords(table(), "input table", List.of("mol", "y"));
        Dataset d = DatasetLoader.builder().badRows(BadRowPolicy.KEEP).build().load(
                ColumnMapping.builder().input("mol", ColumnKind.SMILES).numericTarget("y").build(), records,
                rows -> {});
        assertEquals(3, d.examples().size());
        assertNull(d.examples().get(0).problem());
        assertEquals(canonical("CCO"), d.examples().get(0).inputs().get("mol"));
        assertEquals(AWKWARD, d.examples().get(0).numericTarget()[0], "the double comes back bit for bit");
        assertEquals(2, d.examples().get(1).row());
        assertTrue(d.examples().get(1).problem() != null);
        assertTrue(d.examples().get(2).problem().contains(RowRecords.UNREADABLE_MOLECULE),
                d.examples().get(2).problem());
        assertFalse(Files.exists(Path.of("input table")), "no file is read or written");
    }

    @Test
    void theCsvSnapshotHoldsWhatTheEngineReads() throws Exception {
        Path csv = tmp.resolve("snapshot.csv");
        new RowRecords(table(), "input table", List.of("y", "n")).writeCsv(csv);
        assertEquals(List.of("y,n", "0.30000000000000004,3", "1.0E-300,", "-2.5,7"), Files.readAllLines(csv));
    }

    @Test
    void anUnknownColumnIsNamedWithTheTableColumns() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RowRecords(table(), "t", List.of("smiles")));
        assertEquals("no column 'smiles'; the table has mol, y, n, unused", e.getMessage());
    }

    @Test
    void molBlocksBecomeSmilesAndBrokenOnesCarryCdksReason() throws Exception {
        // The block's atom order and Kekulé writing do not matter: the same text as the canonical SMILES.
        assertEquals(canonical("c1ccccc1"), MolBlocks.toSmiles(NodeFixture.molBlock("C1=CC=CC=C1")));
        assertEquals("c1ccccc1", MolBlocks.toSmiles(NodeFixture.molBlock("C1=CC=CC=C1")));
        assertEquals(canonical("CC(=O)O"), MolBlocks.toSmiles(NodeFixture.molBlock("OC(C)=O")));
        // Isotopes (like stereo) would be dropped by CDK's canonical writer without its InChI module: kept as read.
        String isotope = MolBlocks.toSmiles(NodeFixture.molBlock("[13CH3]O"));
        assertTrue(isotope.contains("[13CH3]"), "the isotope is kept: " + isotope);
        InvalidMoleculeException e = assertThrows(InvalidMoleculeException.class,
                () -> MolBlocks.toSmiles("title\n\n\n  1  0  0  0  0  0  0  0  0  0999 V2000\n"));
        assertTrue(e.reason().contains("M  END"), e.getMessage());
        assertThrows(InvalidMoleculeException.class, () -> MolBlocks.toSmiles(""));
    }

    /** The engine's canonical writing of a SMILES text, computed from the text without any mol block. */
    private static String canonical(String smiles) throws Exception {
        return new org.tagllm.knime.engine.chem.MoleculeStandardizer(
                org.tagllm.knime.engine.chem.MoleculeOptions.canonical()).standardize(smiles);
    }
}
