package org.tagllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.demo.DemoModel;

/** {@code tagllm workflow} on the demo model: a small pretrain → train → predict chain, its outputs, its refusals. */
class WorkflowCommandTest {

    static final String WORKFLOW = """
            { "name": "carbons",
              "variables": { "data": "${workflow}" },
              "nodes": [
                { "id": "corpus", "type": "LineReader",
                  "settings": { "file": "${data}/corpus.smi", "column": "smiles" } },
                { "id": "pretrain", "type": "DomainTagPretrain", "inputs": ["corpus:0"],
                  "settings": { "baseModelFolder": "${model}", "column": "smiles", "tagName": "<SMILES>",
                                "vectors": 2, "maxTokens": 32, "holdoutFraction": 0.1, "maxHoldout": 4,
                                "training": { "maxSteps": 4, "batchSize": 8, "learningRate": 0.01 } } },
                { "id": "molecules", "type": "CSVReader",
                  "settings": { "file": "${data}/molecules.csv", "limitRows": 40 } },
                { "id": "train", "type": "TagTrainer", "inputs": ["pretrain:0", "molecules:0"],
                  "settings": { "functionTag": "<Carbons>", "targets": ["carbons"], "vectors": 2, "maxTokens": 32,
                                "inputs": [ { "column": "smiles", "domainTag": "<SMILES>" } ],
                                "training": { "maxSteps": 4, "batchSize": 8, "learningRate": 0.01 } } },
                { "id": "rest", "type": "CSVReader",
                  "settings": { "file": "${data}/molecules.csv", "skipRows": 40 } },
                { "id": "predict", "type": "TagLLMPredictor", "inputs": ["train:0", "rest:0"],
                  "settings": { "maxTokens": 32 } }
              ] }""";

    @TempDir
    static Path tmp;

    static Path model;

    @BeforeAll
    static void data() throws Exception {
        model = DemoModel.ensure(tmp.resolve("demo"));
        Random r = new Random(3);
        StringBuilder corpus = new StringBuilder();
        StringBuilder molecules = new StringBuilder("smiles,carbons\n");
        for (int i = 0; i < 50; i++) {
            String s = "C".repeat(1 + r.nextInt(5)) + (r.nextBoolean() ? "O" : "N") + "C".repeat(r.nextInt(3));
            corpus.append(s).append('\n');
            molecules.append(s).append(',').append(s.chars().filter(c -> c == 'C').count()).append('\n');
        }
        molecules.append("C1CC(,3\n");
        Files.writeString(tmp.resolve("corpus.smi"), corpus);
        Files.writeString(tmp.resolve("molecules.csv"), molecules);
        Files.writeString(tmp.resolve("carbons.json"), WORKFLOW);
    }

    @Test
    void runsTheChainAndWritesEveryOutput() throws Exception {
        Path out = tmp.resolve("out");
        CliRun run = CliRun.of("workflow", tmp.resolve("carbons.json").toString(), "--model", model.toString(),
                "--out", out.toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("[pretrain] done in") && run.out().contains("[predict] WARNING 1 of 11 rows"),
                run.out());
        assertTrue(run.out().contains("workflow 'carbons': 6 nodes"), run.out());
        List<String> predictions = Files.readAllLines(out.resolve("predict.0.csv"));
        assertEquals("smiles,carbons,Prediction (Carbons),Prediction problem", predictions.get(0));
        assertEquals(12, predictions.size(), "header and one line per input row");
        assertTrue(predictions.get(11).startsWith("C1CC(,3.0,,invalid SMILES") || predictions.get(11).startsWith(
                "C1CC(,3,,"), predictions.get(11));
        assertTrue(predictions.get(11).contains("invalid SMILES"), predictions.get(11));
        assertTrue(Files.isRegularFile(out.resolve("train.0/port.json")));
        assertTrue(Files.isRegularFile(out.resolve("train.0/bank/bank.json")));
        assertTrue(Files.readAllLines(out.resolve("train.1.csv")).get(0).equals("metric,epoch,value"));
        String summary = Files.readString(out.resolve("workflow-run.json"));
        assertTrue(summary.contains("\"rows_failed\" : 1.0") && summary.contains("\"type\" : \"TagTrainer\""),
                summary);
    }

    @Test
    void aMisspeltSettingIsOneLineNamingTheNode() throws Exception {
        Path bad = Files.writeString(tmp.resolve("bad.json"), WORKFLOW.replace("\"limitRows\": 40",
                "\"limitRow\": 40"));
        CliRun run = CliRun.of("workflow", bad.toString(), "--model", model.toString());
        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("tagllm workflow: node 'molecules' (CSVReader): settings do not fit")
                && run.err().contains("limitRow"), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
        assertFalse(run.out().contains("done in"), "nothing ran: " + run.out());
    }

    @Test
    void aMissingVariableSaysWhichAndHowToGiveIt() throws Exception {
        Path file = Files.writeString(tmp.resolve("shared.json"), WORKFLOW.replace("${data}/molecules.csv",
                "${shared}/molecules.csv"));
        CliRun without = CliRun.of("workflow", file.toString(), "--model", model.toString());
        assertEquals(1, without.exitCode(), without::toString);
        assertTrue(without.err().contains("${shared}"), without.err());
        CliRun with = CliRun.of("workflow", file.toString(), "--model", model.toString(), "--data-dir",
                tmp.toString());
        assertEquals(0, with.exitCode(), with::toString);
    }
}
