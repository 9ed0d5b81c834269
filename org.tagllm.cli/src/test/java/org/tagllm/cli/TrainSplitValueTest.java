package org.tagllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.demo.DemoModel;

/** Issue 12: a split value such as 'banana' aborted a {@code --bad-rows skip} run of {@code train}. */
class TrainSplitValueTest {

    @TempDir
    static Path tmp;

    static Path model;
    static Path bank;
    static Path data;

    private static final List<String> MOLECULES = CliFixtures.molecules(12);

    @BeforeAll
    static void stageOneAndATableWithABadSplitValue() throws Exception {
        model = tmp.resolve("demo");
        DemoModel.write(model);
        Path corpus = Files.write(tmp.resolve("corpus.smi"), MOLECULES);
        bank = tmp.resolve("smiles.bank");
        CliRun run = CliRun.of("pretrain-domain", "--model", model.toString(), "--corpus", "<SMILES>=" + corpus,
                "--out", bank.toString(), "--vectors", "2", "--max-steps", "1", "--batch", "4");
        assertEquals(0, run.exitCode(), run::toString);
        StringBuilder table = new StringBuilder("smiles,carbons,part\n");
        for (int i = 0; i < MOLECULES.size(); i++) {
            String m = MOLECULES.get(i);
            String part = i == 5 ? "banana" : i % 4 == 3 ? "test" : i % 4 == 2 ? "valid" : "train";
            table.append(m).append(',').append(m.length()).append(',').append(part).append('\n');
        }
        data = Files.writeString(tmp.resolve("parts.csv"), table.toString());
    }

    private static CliRun train(String policy, String out, Path json) {
        return CliRun.of("train", "--model", model.toString(), "--bank", bank.toString(), "--data", data.toString(),
                "--function-tag", "<Len>", "--input", "smiles:smiles=<SMILES>", "--target", "carbons",
                "--split-column", "part", "--bad-rows", policy, "--out", tmp.resolve(out).toString(), "--vectors",
                "2", "--max-steps", "1", "--batch", "4", "--json", json.toString());
    }

    @Test
    void skipLeavesTheRowOutAndCountsItInTheReport() throws Exception {
        Path json = tmp.resolve("skip.json");
        CliRun run = train("skip", "skip.bank", json);
        assertEquals(0, run.exitCode(), run::toString);
        JsonNode report = new ObjectMapper().readTree(json.toFile()).get("data_report");
        assertEquals(1, report.get("rows_skipped").asInt(), report.toPrettyString());
        JsonNode problem = report.get("problems").get(0);
        assertEquals("unknown split value", problem.get("reason").asText());
        JsonNode example = problem.get("examples").get(0);
        assertEquals(6, example.get("row").asInt());
        assertEquals("part", example.get("column").asText());
        assertEquals("banana", example.get("value").asText());
    }

    @Test
    void failStopsWithOneLineNamingRowColumnValueAndTheAllowedValues() {
        CliRun run = train("fail", "fail.bank", tmp.resolve("fail.json"));
        assertEquals(1, run.exitCode(), run::toString);
        String err = run.err().strip();
        assertEquals(1, err.lines().count(), run::toString);
        assertTrue(err.contains("row 6") && err.contains("column 'part'") && err.contains("'banana'")
                && err.contains("allowed values: train, valid"), err);
        assertTrue(Files.notExists(tmp.resolve("fail.bank")));
    }
}
