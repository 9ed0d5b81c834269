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

/** pretrain-domain → train → predict → compose through the command line, on the demo model and tiny tables. */
class TrainingCommandsTest {

    @TempDir
    static Path tmp;

    static Path model;
    static Path smilesBank;

    private static final List<String> MOLECULES = CliFixtures.molecules(16);

    @BeforeAll
    static void stageOne() throws Exception {
        model = tmp.resolve("demo");
        DemoModel.write(model);
        Path corpus = Files.write(tmp.resolve("corpus.smi"), MOLECULES);
        smilesBank = tmp.resolve("smiles.bank");
        CliRun run = CliRun.of("pretrain-domain", "--model", model.toString(), "--corpus", "<SMILES>=" + corpus,
                "--out", smilesBank.toString(), "--vectors", "4", "--max-steps", "4", "--batch", "4", "--holdout",
                "0.25", "--json", tmp.resolve("stage1.json").toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("held-out next-token loss: untagged"), run.out());
        assertTrue(Files.isRegularFile(smilesBank.resolve("bank.json")));
        assertTrue(Files.isRegularFile(tmp.resolve("smiles.bank.loss.png")), "loss curve beside the bank");
    }

    @Test
    void trainPredictAndCompose() throws Exception {
        StringBuilder table = new StringBuilder("smiles,carbons\n");
        for (String m : MOLECULES) {
            table.append(m).append(',').append(m.chars().filter(c -> c == 'C' || c == 'c').count()).append('\n');
        }
        table.append("C1CC,3\n"); // unclosed ring: reported, never trained on or predicted
        Path data = Files.writeString(tmp.resolve("carbons.csv"), table.toString());
        Path bank = tmp.resolve("carbons.bank");
        Path json = tmp.resolve("train.json");
        CliRun train = CliRun.of("train", "--model", model.toString(), "--bank", smilesBank.toString(), "--data",
                data.toString(), "--function-tag", "<Carbons>", "--input", "smiles:smiles=<SMILES>", "--target",
                "carbons", "--out", bank.toString(), "--vectors", "4", "--epochs", "2", "--batch", "4", "--valid",
                "0.2", "--test", "0.2", "--json", json.toString());
        assertEquals(0, train.exitCode(), train::toString);
        JsonNode result = new ObjectMapper().readTree(json.toFile());
        assertEquals(2, result.get("stage").asInt());
        assertEquals(1, result.get("data_report").get("rows_skipped").asInt(), result.toPrettyString());

        Path predictions = tmp.resolve("predictions.csv");
        CliRun predict = CliRun.of("predict", "--model", model.toString(), "--bank", bank.toString(), "--data",
                data.toString(), "--out", predictions.toString());
        assertEquals(0, predict.exitCode(), predict::toString);
        List<String> lines = Files.readAllLines(predictions);
        assertEquals("row,smiles,carbons,Carbons,problem,truncated", lines.get(0), "every input column passes through");
        assertEquals(MOLECULES.size() + 2, lines.size(), "header plus every row, the bad one included");
        String bad = lines.get(lines.size() - 1);
        assertTrue(bad.startsWith("17,") && bad.contains("SMILES"), bad);

        Path composed = tmp.resolve("composed.bank");
        CliRun compose = CliRun.of("compose", "--domain-bank", smilesBank.toString(), "--function-bank",
                bank.toString(), "--function-tag", "<Carbons>", "--out", composed.toString());
        assertEquals(0, compose.exitCode(), compose::toString);
        CliRun again = CliRun.of("predict", "--model", model.toString(), "--bank", composed.toString(), "--data",
                data.toString(), "--out", tmp.resolve("again.csv").toString());
        assertEquals(0, again.exitCode(), again::toString);
    }

    @Test
    void maxEvalCapsValidationAndTestRows() throws Exception {
        StringBuilder table = new StringBuilder("smiles,y\n");
        for (int i = 0; i < 3; i++) {
            for (String m : MOLECULES) {
                table.append(m).append(',').append(m.length()).append('\n');
            }
        }
        Path data = Files.writeString(tmp.resolve("y48.csv"), table.toString());
        Path json = tmp.resolve("capped.json");
        CliRun run = CliRun.of("train", "--model", model.toString(), "--bank", smilesBank.toString(), "--data",
                data.toString(), "--function-tag", "<Len>", "--input", "smiles:smiles:model=<SMILES>", "--target", "y",
                "--out", tmp.resolve("len.bank").toString(), "--vectors", "2", "--max-steps", "2", "--batch", "8",
                "--valid", "0.25", "--test", "0.25", "--max-eval", "5", "--json", json.toString());
        assertEquals(0, run.exitCode(), run::toString);
        JsonNode sizes = new ObjectMapper().readTree(json.toFile()).get("sizes");
        assertEquals(24, sizes.get("TRAIN").asInt(), sizes.toString());
        assertEquals(5, sizes.get("VALID").asInt(), sizes.toString());
        assertEquals(5, sizes.get("TEST").asInt(), sizes.toString());
        JsonNode field = new ObjectMapper().readTree(tmp.resolve("len.bank/bank.json").toFile()).get("tasks").get(0)
                .get("fields").get(0);
        assertEquals("model", field.get("tokenization").asText(), "the chosen tokenisation is recorded");
        assertEquals("smiles", field.get("kind").asText());
    }

    /** The phase of a progress line in a log: the text before its first colon. */
    private static String phase(String line) {
        int colon = line.indexOf(':');
        return colon < 0 ? line : line.substring(0, colon);
    }

    private static Path carbonsTable() throws Exception {
        StringBuilder table = new StringBuilder("smiles,carbons\n");
        for (String m : MOLECULES) {
            table.append(m).append(',').append(m.chars().filter(c -> c == 'C' || c == 'c').count()).append('\n');
        }
        return Files.writeString(tmp.resolve("carbons-progress.csv"), table.toString());
    }

    @Test
    void progressInALogNamesEveryPhaseInOrderWithTheRealStepCount() throws Exception {
        Path data = carbonsTable();
        Path json = tmp.resolve("progress.json");
        CliRun train = CliRun.of("train", "--model", model.toString(), "--bank", smilesBank.toString(), "--data",
                data.toString(), "--function-tag", "<P>", "--input", "smiles:smiles=<SMILES>", "--target", "carbons",
                "--out", tmp.resolve("progress.bank").toString(), "--vectors", "2", "--epochs", "3", "--batch", "2",
                "--valid", "0.25", "--test", "0.25", "--json", json.toString());
        assertEquals(0, train.exitCode(), train::toString);
        long steps = new ObjectMapper().readTree(json.toFile()).get("steps").asLong();
        List<String> lines = train.err().lines().toList();
        // Phases in order: reading, then training with a validation after each epoch, then the test rows.
        List<String> phases = new java.util.ArrayList<>();
        for (String l : lines) {
            if (phases.isEmpty() || !phases.get(phases.size() - 1).equals(phase(l))) {
                phases.add(phase(l));
            }
        }
        assertEquals("reading data", phases.get(0), train::toString);
        assertEquals("training", phases.get(1), train::toString);
        assertEquals("evaluating validation rows", phases.get(2), train::toString);
        assertEquals("evaluating test rows", phases.get(phases.size() - 1), train::toString);
        assertTrue(lines.stream().anyMatch(l -> l.contains("step " + steps + "/" + steps)), train::toString);
        assertTrue(lines.stream().noneMatch(l -> l.contains("1000/1000")), train::toString);
        assertTrue(lines.stream().filter(l -> phase(l).equals("training")).allMatch(l -> l.contains("epoch ")),
                train::toString);
        assertTrue(lines.stream().anyMatch(l -> l.matches("reading data: \\d+ rows.*rows/s.*")), train::toString);
        assertTrue(lines.stream().anyMatch(l -> l.contains("ETA")), train::toString);
        for (int i = 1; i < lines.size(); i++) {
            assertTrue(!lines.get(i).equals(lines.get(i - 1)), "line " + i + " repeats: " + lines.get(i));
        }

        Path predictions = tmp.resolve("progress.csv");
        CliRun predict = CliRun.of("predict", "--model", model.toString(), "--bank",
                tmp.resolve("progress.bank").toString(), "--data", data.toString(), "--out", predictions.toString(),
                "--batch", "4");
        assertEquals(0, predict.exitCode(), predict::toString);
        List<String> predictLines = predict.err().lines().toList();
        assertTrue(predictLines.stream().anyMatch(l -> l.startsWith("reading data: ")), predict::toString);
        String last = predictLines.get(predictLines.size() - 1);
        assertTrue(last.startsWith("predicting: " + MOLECULES.size() + "/" + MOLECULES.size() + " rows"),
                predict::toString);
        assertTrue(predict.out().startsWith("predicted "), "results on standard output: " + predict);
    }

    @Test
    void trainingPrintsLossAndValidationInSeparateColumnsWithUnitsAndCountsAsIntegers() throws Exception {
        Path data = carbonsTable();
        Path json = tmp.resolve("columns.json");
        CliRun train = CliRun.of("train", "--model", model.toString(), "--bank", smilesBank.toString(), "--data",
                data.toString(), "--function-tag", "<Q>", "--input", "smiles:smiles=<SMILES>", "--target", "carbons",
                "--out", tmp.resolve("columns.bank").toString(), "--vectors", "2", "--epochs", "2", "--batch", "4",
                "--valid", "0.25", "--test", "0.25", "--json", json.toString());
        assertEquals(0, train.exitCode(), train::toString);
        List<String> out = train.out().lines().toList();
        int header = -1;
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).startsWith("epoch")) {
                header = i;
            }
        }
        assertTrue(header >= 0, train::toString);
        String head = out.get(header);
        assertTrue(head.contains("training loss (MSE of standardised targets)"), head);
        assertTrue(head.contains("validation MSE (target units)"), head);
        JsonNode result = new ObjectMapper().readTree(json.toFile());
        JsonNode history = result.get("history");
        assertEquals(2, history.size(), result.toPrettyString());
        for (int e = 0; e < 2; e++) {
            String[] cells = out.get(header + 1 + e).trim().split("\\s+");
            assertEquals(String.valueOf(e + 1), cells[0], out.get(header + 1 + e));
            assertEquals(history.get(e).get("step").asText(), cells[1], "steps are whole numbers");
            assertTrue(history.get(e).get("epoch").isIntegralNumber() && history.get(e).get("step").isIntegralNumber(),
                    history.toPrettyString());
        }
        assertTrue(result.get("steps").isIntegralNumber(), result.toPrettyString());
        assertEquals("training loss (MSE of standardised targets)", result.get("scores").get("training_loss").asText());
        assertEquals("validation MSE (target units)", result.get("scores").get("validation").asText());
        double mse = result.get("valid").get("mse").asDouble();
        assertTrue(java.util.stream.StreamSupport.stream(history.spliterator(), false)
                .anyMatch(h -> Math.abs(h.get("validation").asDouble() - mse) < 1e-9),
                "the kept epoch's validation figure is the MSE reported for the validation rows: " + result);
    }

    @Test
    void classificationPredictionsNameTheClassByTheBanksDecision() throws Exception {
        StringBuilder table = new StringBuilder("smiles,ring\n");
        for (String m : MOLECULES) {
            table.append(m).append(',').append(m.contains("1") ? "yes" : "no").append('\n');
        }
        Path data = Files.writeString(tmp.resolve("ring.csv"), table.toString());
        Path bank = tmp.resolve("ring.bank");
        CliRun train = CliRun.of("train", "--model", model.toString(), "--bank", smilesBank.toString(), "--data",
                data.toString(), "--function-tag", "<Ring>", "--input", "smiles:smiles=<SMILES>", "--task",
                "classification", "--label", "ring", "--out", bank.toString(), "--vectors", "2", "--max-steps", "3",
                "--batch", "4");
        assertEquals(0, train.exitCode(), train::toString);
        Path predictions = tmp.resolve("ring-predictions.csv");
        CliRun predict = CliRun.of("predict", "--model", model.toString(), "--bank", bank.toString(), "--data",
                data.toString(), "--out", predictions.toString());
        assertEquals(0, predict.exitCode(), predict::toString);
        List<String> lines = Files.readAllLines(predictions);
        List<String> header = List.of(lines.get(0).split(",", -1));
        assertEquals(List.of("row", "smiles", "ring", "P(no)", "P(yes)", "predicted_class", "problem", "truncated"),
                header);
        // The validation-chosen threshold on P(yes) when the bank has one (issue 18), else the larger probability.
        var decision = org.tagllm.knime.engine.bank.TagBank.read(bank).head("<Ring>").orElseThrow().entry()
                .decision();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            double no = Double.parseDouble(cells[header.indexOf("P(no)")]);
            double yes = Double.parseDouble(cells[header.indexOf("P(yes)")]);
            boolean positive = decision == null ? yes > no : yes >= decision.threshold();
            assertEquals(positive ? "yes" : "no", cells[header.indexOf("predicted_class")], line);
        }
    }

    @Test
    void aMissingDomainTagIsABadInputWithOneLine() throws Exception {
        Path data = Files.writeString(tmp.resolve("x.csv"), "smiles,y\nCCO,1\nCCN,2\n");
        CliRun run = CliRun.of("train", "--model", model.toString(), "--bank", smilesBank.toString(), "--data",
                data.toString(), "--function-tag", "<Y>", "--input", "smiles:smiles=<Molecule>", "--target", "y",
                "--out", tmp.resolve("y.bank").toString());
        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().contains("<Molecule>"), run.err());
        assertEquals(1, run.err().strip().lines().count(), run::toString);
    }
}
