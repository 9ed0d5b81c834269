package org.tagllm.knime.nodes.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.nodes.TestBanks;
import org.tagllm.knime.nodes.port.TagModelPortContent;
import org.tagllm.knime.nodes.port.TagModelSpec;
import org.tagllm.knime.nodes.table.CellType;
import org.tagllm.knime.nodes.table.ColumnSpec;
import org.tagllm.knime.nodes.table.TableShape;

class DialogChoicesTest {

    static final TableShape TABLE = TableShape.of(ColumnSpec.of("id", CellType.LONG),
            ColumnSpec.of("smiles", CellType.SMILES), ColumnSpec.of("mol", CellType.SDF),
            ColumnSpec.of("name", CellType.STRING), ColumnSpec.of("qed", CellType.DOUBLE),
            ColumnSpec.of("active", CellType.BOOLEAN), ColumnSpec.of("count", CellType.INTEGER));

    @Test
    void columnsAreOfferedOnlyWhereTheSettingAcceptsTheirType() {
        assertEquals(List.of("smiles", "mol", "name"), DialogChoices.inputColumns(TABLE));
        assertEquals(List.of("id", "qed", "count"), DialogChoices.numericColumns(TABLE));
        assertEquals(List.of("id", "name", "active", "count"), DialogChoices.labelColumns(TABLE));
        assertEquals(List.of("name"), DialogChoices.stringColumns(TABLE));
    }

    @Test
    void tagsAndTasksComeFromTheConnectedTagModels() {
        TagModelSpec smiles = new TagModelPortContent(TestBanks.domain(TestBanks.fingerprint('a'), "<SMILES>", 1),
                "/m", List.of(), Map.of()).spec();
        TagModelSpec qed = new TagModelPortContent(TestBanks.function(TestBanks.fingerprint('a'), "<Protein>",
                "<QED>", "seq", 2), "/m", List.of(), Map.of()).spec();
        assertEquals(List.of("<SMILES>", "<Protein>"), DialogChoices.domainTags(List.of(smiles, qed, smiles)));
        assertEquals(List.of("<QED>"), DialogChoices.functionTags(List.of(smiles, qed)));
        assertEquals(List.of(), DialogChoices.functionTags(List.of(smiles)), "no task: nothing to offer");
    }
}
