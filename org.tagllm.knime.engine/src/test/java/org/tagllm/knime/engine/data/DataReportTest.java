package org.tagllm.knime.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.data.read.Abbreviation;

/** The report keeps the first five examples per reason, for people and for machines. */
class DataReportTest {

    @TempDir
    Path tmp;

    @Test
    void reasonsKeepTheirFirstFiveExamplesAndTheCount() throws IOException {
        StringBuilder csv = new StringBuilder("smiles,y\n");
        for (int i = 1; i <= 7; i++) {
            csv.append("C".repeat(i)).append(",n/a\n"); // valid SMILES, so only the targets are at fault
        }
        csv.append("CCO,1\n\nCCN,2 mg\n");
        Path file = Files.writeString(tmp.resolve("assay.csv"), csv);
        DataReport r = DatasetLoader.builder().build().load(TableSpec.of(file,
                ColumnMapping.builder().input("smiles", ColumnKind.SMILES).numericTarget("y").build())).report();

        DataReport.ReasonGroup missing = r.reasons().get(0);
        assertEquals(7, missing.count());
        assertEquals(5, missing.examples().size());
        assertEquals(5, missing.examples().get(4).row());

        String text = r.toText();
        assertTrue(text.startsWith(file + ": 9 rows read: 1 used, 8 skipped, 0 kept with a problem; 1 blank line "
                + "ignored\n"), text);
        assertTrue(text.contains("""
                  missing-value marker: 7
                    row 1 (line 2), column 'y', value 'n/a': missing-value marker
                """), text);
        assertTrue(text.contains("    …and 2 more\n"), text);
        assertTrue(text.contains("  not a number: 1\n    row 9 (line 11), column 'y', value '2 mg'"), text);

        JsonNode json = new ObjectMapper().readTree(r.toJson());
        assertEquals(9, json.get("rows_read").asLong());
        assertEquals(1, json.get("rows_used").asLong());
        assertEquals(8, json.get("rows_skipped").asLong());
        assertEquals(1, json.get("blank_lines").asLong());
        JsonNode first = json.get("problems").get(0);
        assertEquals("missing-value marker", first.get("reason").asText());
        assertEquals(7, first.get("count").asLong());
        assertEquals(5, first.get("examples").size());
        assertEquals("y", first.get("examples").get(0).get("column").asText());
        assertEquals(2, first.get("examples").get(0).get("line").asLong());
    }

    @Test
    void valuesInMessagesAreShortAndOnOneLine() {
        assertEquals("a\\nb\\tc", Abbreviation.of("a\nb\tc"));
        String shortened = Abbreviation.of("x".repeat(100_000));
        assertEquals(80, shortened.length());
        assertTrue(shortened.endsWith("… (100000 characters)"), shortened);
        assertEquals("x".repeat(80), Abbreviation.of("x".repeat(80)));
    }

    @Test
    void endlesslyVariedReasonsArePooledInsteadOfGrowingTheReport() {
        ReportBuilder b = new ReportBuilder("f.csv");
        for (int i = 0; i < 1000; i++) {
            b.read();
            b.skipped(java.util.List.of(new Problem(i + 1, i + 2, "s", "v", "reason " + i, null)));
        }
        DataReport r = b.build();
        assertEquals(ReportBuilder.MAX_REASONS + 1, r.reasons().size());
        assertEquals(1000 - ReportBuilder.MAX_REASONS, r.count(ReportBuilder.OTHER_REASONS));
    }
}
