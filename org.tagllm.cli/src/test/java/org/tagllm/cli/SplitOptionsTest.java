package org.tagllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.chem.Scaffolds;
import org.tagllm.knime.engine.demo.DemoModel;
import org.tagllm.knime.engine.demo.DemoMolecules;

/** train and evaluate split rows as inspect does: --split-by and --split-fractions, through one splitter. */
class SplitOptionsTest {

    @TempDir
    static Path tmp;

    static Path model;
    static Path bank;
    static Path data;
    static List<DemoMolecules.Molecule> molecules;

    @BeforeAll
    static void stageOne() throws Exception {
        model = tmp.resolve("demo");
        DemoModel.write(model);
        molecules = DemoMolecules.generate(80, 7);
        StringBuilder table = new StringBuilder("smiles,heavy\n");
        molecules.forEach(m -> table.append(m.smiles()).append(',').append(m.heavyAtoms()).append('\n'));
        data = Files.writeString(tmp.resolve("demo.csv"), table.toString());
        Path corpus = Files.write(tmp.resolve("corpus.smi"), molecules.stream().map(DemoMolecules.Molecule::smiles)
                .toList());
        bank = tmp.resolve("smiles.bank");
        CliRun run = CliRun.of("pretrain-domain", "--model", model.toString(), "--corpus", "<SMILES>=" + corpus,
                "--out", bank.toString(), "--vectors", "2", "--max-steps", "2", "--batch", "8");
        assertEquals(0, run.exitCode(), run::toString);
    }

    @Test
    void trainSplitsByScaffoldAndRecordsIt() throws Exception {
        Path out = tmp.resolve("heavy.bank");
        Path json = tmp.resolve("train.json");
        CliRun run = CliRun.of("train", "--model", model.toString(), "--bank", bank.toString(), "--data",
                data.toString(), "--function-tag", "<Heavy>", "--input", "smiles:smiles=<SMILES>", "--target", "heavy",
                "--split-by", "scaffold:smiles", "--split-fractions", "0.6,0.2,0.2", "--vectors", "2", "--max-steps",
                "2", "--batch", "8", "--out", out.toString(), "--json", json.toString());
        assertEquals(0, run.exitCode(), run::toString);
        String expected = "scaffold of 'smiles', fractions 0.6 / 0.2 / 0.2, seed 0";
        JsonNode result = new ObjectMapper().readTree(json.toFile());
        assertEquals(expected, result.path("split").asText(), result.toPrettyString());
        assertEquals(80, result.path("sizes").path("TRAIN").asInt() + result.path("sizes").path("VALID").asInt()
                + result.path("sizes").path("TEST").asInt(), result.toPrettyString());
        JsonNode provenance = new ObjectMapper().readTree(out.resolve("bank.json").toFile()).path("provenance");
        assertEquals(expected, provenance.get(provenance.size() - 1).path("hyperparameters").path("split").asText(),
                provenance.toPrettyString());
    }

    @Test
    void splitFractionsAndValidTogetherAreRefused() {
        CliRun run = CliRun.of("train", "--model", model.toString(), "--bank", bank.toString(), "--data",
                data.toString(), "--function-tag", "<Heavy>", "--input", "smiles:smiles=<SMILES>", "--target", "heavy",
                "--split-by", "random", "--split-fractions", "0.6,0.2,0.2", "--valid", "0.3", "--out",
                tmp.resolve("refused.bank").toString());
        assertEquals(1, run.exitCode(), run::toString);
        assertEquals("tagllm train: give --split-fractions or --valid and --test, not both", run.err().strip());
    }

    @Test
    void evaluateTestsOnScaffoldsItNeverTrainedOn() throws Exception {
        Path out = tmp.resolve("eval");
        CliRun run = CliRun.of("evaluate", "--model", model.toString(), "--data", data.toString(), "--function-tag",
                "<Heavy>", "--input", "smiles:smiles=<SMILES>", "--target", "heavy", "--methods", "mean,fingerprint",
                "--split-by", "scaffold:smiles", "--data-seed", "2", "--out", out.toString());
        assertEquals(0, run.exitCode(), run::toString);
        JsonNode task = new ObjectMapper().readTree(out.resolve("results.json").toFile()).path("tasks").path("demo");
        assertEquals("scaffold of 'smiles', fractions 0.8 / 0.1 / 0.1, seed 2", task.path("split").asText());
        Set<Integer> testRows = new HashSet<>();
        task.path("runs").get(0).path("test_predictions").path("rows").forEach(r -> testRows.add(r.asInt()));
        assertFalse(testRows.isEmpty(), task.toPrettyString());
        Set<String> testScaffolds = new HashSet<>();
        Set<String> otherScaffolds = new HashSet<>();
        for (int row = 1; row <= molecules.size(); row++) {
            String scaffold = Scaffolds.murcko(molecules.get(row - 1).smiles());
            (testRows.contains(row) ? testScaffolds : otherScaffolds).add(scaffold);
        }
        Set<String> shared = new HashSet<>(testScaffolds);
        shared.retainAll(otherScaffolds);
        assertTrue(shared.isEmpty(), "scaffolds in test and elsewhere: " + shared);
    }
}
