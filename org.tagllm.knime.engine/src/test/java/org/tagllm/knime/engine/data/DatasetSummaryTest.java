package org.tagllm.knime.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetSummaryTest {

    @TempDir
    Path tmp;

    @Test
    void regressionTableStatistics() throws IOException {
        Path file = Files.writeString(tmp.resolve("r.csv"), """
                smiles,y,split
                C,1,train
                CC,2,train
                CCC,3,test
                CCCCCCCCCCCC,4,train
                CCO,oops,train
                """);
        ColumnMapping mapping = ColumnMapping.builder().input("smiles", ColumnKind.SMILES).numericTarget("y")
                .split("split").build();
        DatasetSummary s = summarize(file, mapping, new TokenBudget(TokenCounter.characters(), 1, 4));

        assertEquals(4, s.report().rowsUsed());
        assertEquals(new Distribution(4, 1, 2, 12, 12), s.characters().get("smiles"));
        assertEquals(new Distribution(4, 2, 3, 13, 13), s.exampleTokens(), "one token of overhead each");
        assertEquals(1, s.overTokenLimit());
        NumericStats y = s.targets().get("y");
        assertEquals(4, y.count());
        assertEquals(2.5, y.mean(), 1e-12);
        assertEquals(Math.sqrt(5.0 / 3.0), y.std(), 1e-12);
        assertEquals(1, y.min());
        assertEquals(4, y.max());
        assertEquals(Map.of("train", 3L, "test", 1L), s.splits());

        String text = s.toText();
        assertTrue(text.contains("  smiles               1 / 2 / 12 / 12\n"), text);
        assertTrue(text.contains("  y                    n 4  mean 2.500  std 1.291  min 1.000  max 4.000\n"), text);
        assertTrue(text.contains("  over the limit       1 example longer than 4 tokens\n"), text);

        JsonNode json = new ObjectMapper().readTree(s.toJson());
        assertEquals(4, json.at("/report/rows_used").asLong());
        assertEquals(12, json.at("/input_lengths/characters/smiles/max").asInt());
        assertEquals(2.5, json.at("/targets/y/mean").asDouble(), 1e-12);
        assertEquals(1, json.at("/examples_over_token_limit").asLong());
    }

    @Test
    void classificationTableCountsLabelsMostFrequentFirst() throws IOException {
        Path file = Files.writeString(tmp.resolve("c.csv"), "smiles,p_np\nC,1\nCC,0\nCCC,1\nCCCC,1\nCCCCC,\n");
        ColumnMapping mapping = ColumnMapping.builder().input("smiles", ColumnKind.SMILES).label("p_np").build();
        DatasetSummary s = summarize(file, mapping, null);
        assertEquals(List.of("1", "0"), List.copyOf(s.labels().keySet()));
        assertEquals(Map.of("1", 3L, "0", 1L), s.labels());
        assertNull(s.exampleTokens());
        assertTrue(s.toText().contains("labels (2 classes):\n  1                    3\n  0                    1\n"),
                s.toText());
    }

    @Test
    void emptyStatisticsStayValidJson() throws IOException {
        Path file = Files.writeString(tmp.resolve("e.csv"), "smiles,y\nC,x\n");
        ColumnMapping mapping = ColumnMapping.builder().input("smiles", ColumnKind.SMILES).numericTarget("y").build();
        JsonNode json = new ObjectMapper().readTree(summarize(file, mapping, null).toJson());
        assertEquals(0, json.at("/targets/y/count").asLong());
        assertTrue(json.at("/targets/y/mean").isMissingNode());
    }

    private static DatasetSummary summarize(Path file, ColumnMapping mapping, TokenBudget budget) throws IOException {
        try (ExampleStream examples = DatasetLoader.builder().build().stream(TableSpec.of(file, mapping))) {
            return DatasetSummary.of(examples, mapping, budget);
        }
    }
}
