package org.tagllm.knime.nodes.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.nodes.NodeFixture;
import org.tagllm.knime.nodes.RecordingProgress;
import org.tagllm.knime.nodes.exec.SettingsException;
import org.tagllm.knime.nodes.port.TagModelPortContent;
import org.tagllm.knime.nodes.table.CellType;
import org.tagllm.knime.nodes.table.ColumnSpec;
import org.tagllm.knime.nodes.table.InMemoryTable;
import org.tagllm.knime.nodes.table.Row;
import org.tagllm.knime.nodes.table.RowInput;
import org.tagllm.knime.nodes.table.TableShape;

/** The Tag Trainer's optional validation table: with it, no re-split; without it, the settings' split. */
class ValidationTableTest {

    @TempDir
    static Path tmp;

    static NodeFixture fixture;
    static TagModelPortContent smiles;

    @BeforeAll
    static void setUp() throws Exception {
        fixture = new NodeFixture(tmp);
        smiles = fixture.smilesTags(20, 11, 2);
    }

    @AfterAll
    static void tearDown() {
        fixture.close();
    }

    /** The molecules table with its columns in another order and one more column, as a Partitioning output may be. */
    static InMemoryTable reordered(InMemoryTable t) {
        InMemoryTable.Builder b = InMemoryTable.builder(TableShape.of(ColumnSpec.of("note", CellType.STRING),
                t.shape().column("carbons"), t.shape().column("size"), t.shape().column("smiles")));
        for (Row r : t.rowList()) {
            b.add(Row.of(r.key(), "x", r.cell(1), r.cell(2), r.cell(0)));
        }
        return b.build();
    }

    @Test
    void withAValidationTableEveryTrainingRowTrainsAndEveryValidationRowValidates() throws Exception {
        InMemoryTable train = NodeFixture.molecules(24, 21, CellType.SMILES);
        InMemoryTable valid = reordered(NodeFixture.molecules(6, 22, CellType.SMILES));
        var out = TagTrainerNode.execute(List.of(smiles), train, valid, NodeFixture.carbons(3), fixture.engine,
                new RecordingProgress(), fixture.workDir);
        Map<String, Double> m = out.flowVariables();
        assertEquals(24.0, m.get("train_rows"), m.toString());
        assertEquals(6.0, m.get("valid_rows"), m.toString());
        assertEquals(0.0, m.get("test_rows"), m.toString());
        assertTrue(m.keySet().stream().anyMatch(k -> k.startsWith("valid.")), m.toString());
    }

    @Test
    void withoutItTheSettingsSplitTheTable() throws Exception {
        InMemoryTable train = NodeFixture.molecules(30, 23, CellType.SMILES);
        var out = TagTrainerNode.execute(List.of(smiles), train, null, NodeFixture.carbons(2), fixture.engine,
                new RecordingProgress(), fixture.workDir);
        Map<String, Double> m = out.flowVariables();
        assertEquals(30.0, m.get("train_rows") + m.get("valid_rows") + m.get("test_rows"), m.toString());
        assertTrue(m.get("test_rows") > 0 && m.get("valid_rows") > 0, "the default 80/10/10 split: " + m);
    }

    @Test
    void theJoinedTableServesTrainingRowsThenValidationRowsInTrainingColumnOrder() throws Exception {
        InMemoryTable train = NodeFixture.molecules(3, 1, CellType.SMILES);
        InMemoryTable valid = reordered(NodeFixture.molecules(2, 2, CellType.SMILES));
        ValidationTable joined = ValidationTable.of(train, valid, List.of("smiles", "carbons"));
        List<Row> rows = new ArrayList<>();
        try (RowInput.RowIterator it = joined.rows()) {
            it.forEachRemaining(rows::add);
        }
        assertEquals(5, joined.size());
        assertEquals(List.of("smiles", "carbons", "size", ValidationTable.PART_COLUMN), joined.shape().names());
        assertEquals(train.row(0).append(List.of("train")), rows.get(0));
        Row v = valid.row(1);
        assertEquals(List.of(v.cell(3), v.cell(1), v.cell(2), "valid"), rows.get(4).cells());
        assertEquals(v.key() + " (validation table)", rows.get(4).key());
    }

    @Test
    void aValidationTableLackingAColumnOrTypingItOtherwiseIsRefusedNamingTheColumn() {
        TableShape train = NodeFixture.molecules(1, 1, CellType.SMILES).shape();
        TableShape noTarget = TableShape.of(ColumnSpec.of("smiles", CellType.SMILES));
        TableShape stringTarget = TableShape.of(ColumnSpec.of("smiles", CellType.SMILES),
                ColumnSpec.of("carbons", CellType.STRING));
        assertEquals("setting 'validation table' is not set: it has no column 'carbons', which the node reads from "
                + "the training table; it has smiles", assertThrows(SettingsException.class, () -> TagTrainerNode
                        .configure(List.of(smiles.spec()), train, noTarget, NodeFixture.carbons(1))).getMessage());
        assertEquals("setting 'validation table' is not set: column 'carbons' holds string cells, the training "
                + "table's double cells; give both tables the same types", assertThrows(SettingsException.class,
                        () -> TagTrainerNode.configure(List.of(smiles.spec()), train, stringTarget,
                                NodeFixture.carbons(1))).getMessage());
    }
}
