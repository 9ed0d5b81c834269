package org.tagllm.knime.nodes.workflow;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.nodes.exec.SettingsException;
import org.tagllm.knime.nodes.table.CellType;

class CsvReaderTest {

    @Test
    void aFileTheTableCannotReadIsRefusedByItsSettingAndKeepsTheParsersCause(@TempDir Path dir) throws Exception {
        Path csv = Files.writeString(dir.resolve("t.csv"), "id,value\na,1\n");
        CsvReader reader = new CsvReader(csv.toString(), 0, 0,
                Map.of("smiles", CellType.STRING));
        SettingsException e = assertThrows(SettingsException.class, () -> reader.configure(List.of()));
        assertTrue(e.getMessage().startsWith("setting 'file' = '" + csv + "'") && e.getMessage().contains("smiles"),
                e.getMessage());
        IllegalArgumentException cause = assertInstanceOf(IllegalArgumentException.class, e.getCause());
        assertTrue(e.getMessage().endsWith(cause.getMessage()), e.getMessage());
    }
}
