package org.tagllm.knime.nodes.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.service.LocalTagEngine;
import org.tagllm.knime.nodes.port.TagModelSpec;
import org.tagllm.knime.nodes.table.CellType;
import org.tagllm.knime.nodes.table.ColumnSpec;
import org.tagllm.knime.nodes.table.InMemoryTable;
import org.tagllm.knime.nodes.table.TableShape;
import org.tagllm.knime.nodes.train.TagTrainerSettings;

/** The workflow format, the settings binding, the scaffolding nodes and the runner's checks, without a model. */
class WorkflowRunnerTest {

    @TempDir
    Path tmp;

    static LocalTagEngine engine;

    @BeforeAll
    static void engine() {
        engine = LocalTagEngine.builder().optThreads(1).optGpuCount(() -> 0).build();
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(tmp.resolve(name), text);
    }

    private WorkflowResult run(String json, StringWriter log) throws Exception {
        Path file = write("wf.json", json);
        return new WorkflowRunner(engine, new PrintWriter(log, true), tmp.resolve("work")).run(file, Map.of());
    }

    private WorkflowResult run(String json) throws Exception {
        return run(json, new StringWriter());
    }

    private void tables() throws IOException {
        write("pairs.csv", "drug,target,y,split\n1,10,5.5,train\n2,10,6,test\n1,11,7,train\n3,10,8,train\n"
                + "2,12,9,train\n");
        write("drugs.csv", "drug,name\n1,aspirin\n2,ibuprofen\n");
        write("targets.csv", "target,name,seq\n10,ABL1,MKV\n11,EGFR,MKL\n");
        write("extra.csv", "drug,y,note\n9,1,bad row\n");
        write("lines.fasta", ">a\nMKV\n>b\n\nMKL\n");
    }

    @Test
    void standardNodesJoinFilterSampleAndConcatenateAsKnimeDoes() throws Exception {
        tables();
        WorkflowResult r = run("""
                { "name": "scaffolding", "nodes": [
                  { "id": "pairs", "type": "CSVReader", "settings": { "file": "${workflow}/pairs.csv" } },
                  { "id": "drugs", "type": "CSVReader", "settings": { "file": "${workflow}/drugs.csv" } },
                  { "id": "targets", "type": "CSVReader", "settings": { "file": "${workflow}/targets.csv" } },
                  { "id": "j1", "type": "Joiner", "inputs": ["pairs:0", "drugs:0"],
                    "settings": { "leftColumns": ["drug"], "rightColumns": ["drug"] } },
                  { "id": "j2", "type": "Joiner", "inputs": ["j1:0", "targets:0"],
                    "settings": { "leftColumns": ["target"], "rightColumns": ["target"] } },
                  { "id": "train", "type": "RowFilter", "inputs": ["j2:0"],
                    "settings": { "column": "split", "pattern": "test", "include": false } },
                  { "id": "skip", "type": "CSVReader",
                    "settings": { "file": "${workflow}/pairs.csv", "skipRows": 1, "limitRows": 2 } },
                  { "id": "extra", "type": "CSVReader", "settings": { "file": "${workflow}/extra.csv" } },
                  { "id": "cat", "type": "Concatenate", "inputs": ["skip:0", "extra:0", "skip:0"] },
                  { "id": "part", "type": "Partitioning", "inputs": ["pairs:0"],
                    "settings": { "count": 2, "mode": "random", "seed": 3 } },
                  { "id": "top", "type": "RowSampler", "inputs": ["pairs:0"], "settings": { "count": 2 } },
                  { "id": "lines", "type": "LineReader",
                    "settings": { "file": "${workflow}/lines.fasta", "column": "seq", "regex": "[A-Z]+" } }
                ] }""");
        InMemoryTable j2 = r.table("j2:0");
        // Pairs without a drug or target are dropped; left order kept; a clashing right column gets " (#1)".
        assertEquals(List.of("drug", "target", "y", "split", "name", "name (#1)", "seq"), j2.shape().names());
        assertEquals(List.of("Row0_Row0_Row0", "Row1_Row1_Row0", "Row2_Row0_Row1"),
                j2.rowList().stream().map(row -> row.key()).toList());
        assertEquals(Arrays.asList("aspirin", "ibuprofen", "aspirin"), j2.column("name"));
        assertEquals(List.of("ABL1", "ABL1", "EGFR"), j2.column("name (#1)"));
        assertEquals(List.of("train", "train"), r.table("train:0").column("split"));

        assertEquals(List.of("Row1", "Row2"), r.table("skip:0").rowList().stream().map(row -> row.key()).toList());
        InMemoryTable cat = r.table("cat:0");
        assertEquals(new TableShape(List.of(ColumnSpec.of("drug", CellType.INTEGER), ColumnSpec.of("target",
                CellType.INTEGER), ColumnSpec.of("y", CellType.DOUBLE), ColumnSpec.of("split", CellType.STRING),
                ColumnSpec.of("note", CellType.STRING))), cat.shape());
        assertEquals(List.of("Row1", "Row2", "Row0", "Row1_dup", "Row2_dup"),
                cat.rowList().stream().map(row -> row.key()).toList());
        assertEquals(Arrays.asList(6.0, 7.0, 1.0, 6.0, 7.0), cat.column("y"));
        assertEquals(Arrays.asList(null, null, "bad row", null, null), cat.column("note"));

        InMemoryTable drawn = r.table("part:0");
        InMemoryTable rest = r.table("part:1");
        assertEquals(2, drawn.size());
        assertEquals(3, rest.size());
        List<String> keys = new java.util.ArrayList<>();
        drawn.rowList().forEach(row -> keys.add(row.key()));
        rest.rowList().forEach(row -> keys.add(row.key()));
        assertEquals(5, keys.stream().distinct().count());
        assertTrue(keys.subList(0, 2).stream().sorted().toList().equals(keys.subList(0, 2)), "input order " + keys);
        assertEquals(List.of("Row0", "Row1"), r.table("top:0").rowList().stream().map(row -> row.key()).toList());
        assertEquals(List.of("MKV", "MKL"), r.table("lines:0").column("seq"));

        Path out = tmp.resolve("out");
        List<Path> written = r.write(out);
        assertTrue(Files.readString(out.resolve("j2.0.csv")).startsWith("drug,target,y,split,name,name (#1),seq\n"
                + "1,10,5.5,train,aspirin,ABL1,MKV\n"));
        assertTrue(written.contains(out.resolve("workflow-run.json")));
    }

    @Test
    void settingsLeftOutKeepTheNodesDefaultsAndNestedOnesMerge() throws Exception {
        WorkflowFile.Node node = new WorkflowFile.Node("t", "TagTrainer", (com.fasterxml.jackson.databind.node.ObjectNode)
                new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
                        { "functionTag": "${tag}", "training": { "epochs": 4 },
                          "inputs": [ { "column": "smiles", "domainTag": "<SMILES>" } ] }"""), List.of());
        TagTrainerSettings s = ((TagNodes.Trainer) NodeTypes.create(node, Map.of("tag", "<QED>"))).settings();
        TagTrainerSettings d = TagTrainerSettings.defaults();
        assertEquals("<QED>", s.functionTag());
        assertEquals(4, s.training().epochs());
        assertEquals(d.training().batchSize(), s.training().batchSize());
        assertEquals(d.training().learningRate(), s.training().learningRate());
        assertEquals(d.maxTokens(), s.maxTokens());
        assertEquals(d.validFraction(), s.validFraction());
        assertEquals(org.tagllm.knime.nodes.common.InputKind.AUTO, s.inputs().get(0).kind());
    }

    @Test
    void misspeltSettingsUnknownTypesAndVariablesAreRefusedByName() throws Exception {
        tables();
        WorkflowException typo = assertThrows(WorkflowException.class, () -> run("""
                { "nodes": [ { "id": "r", "type": "CSVReader",
                  "settings": { "file": "${workflow}/pairs.csv", "limitRow": 2 } } ] }"""));
        assertEquals("r", typo.nodeId());
        assertTrue(typo.getMessage().contains("node 'r' (CSVReader)") && typo.getMessage().contains("limitRow"),
                typo.getMessage());
        WorkflowException type = assertThrows(WorkflowException.class, () -> run("""
                { "nodes": [ { "id": "r", "type": "ExcelReader" } ] }"""));
        assertTrue(type.getMessage().contains("unknown type 'ExcelReader'") && type.getMessage().contains("CSVReader"),
                type.getMessage());
        WorkflowException variable = assertThrows(WorkflowException.class, () -> run("""
                { "nodes": [ { "id": "r", "type": "CSVReader", "settings": { "file": "${nowhere}/x.csv" } } ] }"""));
        assertTrue(variable.getMessage().contains("${nowhere}"), variable.getMessage());
    }

    @Test
    void fileVariablesAreDefaultsTheCallerOverrides() throws Exception {
        tables();
        WorkflowFile wf = WorkflowFile.read(write("v.json", """
                { "variables": { "data": "${workflow}", "file": "pairs.csv" },
                  "nodes": [ { "id": "r", "type": "CSVReader", "settings": { "file": "${data}/${file}" } } ] }"""));
        WorkflowRunner runner = new WorkflowRunner(engine, null, tmp.resolve("work"));
        assertEquals(5, runner.run(wf, Map.of("workflow", tmp.toString())).table("r:0").size());
        assertEquals(2, runner.run(wf, Map.of("workflow", tmp.toString(), "file", "drugs.csv")).table("r:0").size());
    }

    @Test
    void badConnectionsAreRefusedBeforeAnythingRuns() throws Exception {
        tables();
        String reader = "{ \"id\": \"r\", \"type\": \"CSVReader\", \"settings\": { \"file\": \"${workflow}/pairs.csv\" } }";
        IOException missing = assertThrows(IOException.class, () -> WorkflowFile.read(write("x.json",
                "{ \"nodes\": [ { \"id\": \"f\", \"type\": \"RowFilter\", \"inputs\": [\"nowhere:0\"] } ] }")));
        assertTrue(missing.getMessage().endsWith("x.json: node 'f' reads 'nowhere:0', but no node has id 'nowhere'"),
                missing.getMessage());
        WorkflowException cycle = assertThrows(WorkflowException.class, () -> run("""
                { "nodes": [ { "id": "a", "type": "RowFilter", "inputs": ["b:0"] },
                             { "id": "b", "type": "RowFilter", "inputs": ["a:0"] } ] }"""));
        assertTrue(cycle.getMessage().contains("wait on each other"), cycle.getMessage());
        WorkflowException port = assertThrows(WorkflowException.class, () -> run("{ \"nodes\": [ " + reader + ", "
                + "{ \"id\": \"f\", \"type\": \"RowFilter\", \"inputs\": [\"r:1\"],"
                + "  \"settings\": { \"column\": \"split\", \"pattern\": \"x\" } } ] }"));
        assertTrue(port.getMessage().contains("'r' has 1 output port (0..0)"), port.getMessage());
        WorkflowException count = assertThrows(WorkflowException.class, () -> run("{ \"nodes\": [ " + reader + ", "
                + "{ \"id\": \"j\", \"type\": \"Joiner\", \"inputs\": [\"r:0\"] } ] }"));
        assertTrue(count.getMessage().contains("1 inputs connected; the node takes 2"), count.getMessage());

        // Configure fails at the last node: KNIME would not execute any node, nor does the runner.
        StringWriter log = new StringWriter();
        WorkflowException late = assertThrows(WorkflowException.class, () -> run("{ \"nodes\": [ " + reader + ", "
                + "{ \"id\": \"f\", \"type\": \"RowFilter\", \"inputs\": [\"r:0\"],"
                + "  \"settings\": { \"column\": \"no such column\", \"pattern\": \"x\" } } ] }", log));
        assertEquals("f", late.nodeId());
        assertTrue(late.getMessage().contains("does not configure") && late.getMessage().contains("no such column"),
                late.getMessage());
        assertFalse(log.toString().contains("done in"), log.toString());
    }

    @Test
    void modelSpecsAgreeWhereConfigureCouldKnowAndDifferOtherwise() {
        TagModelSpec.Field f = new TagModelSpec.Field("smiles", "<SMILES>", "smiles", "character");
        TagModelSpec.Tag domain = new TagModelSpec.Tag("<SMILES>", TagModelSpec.DOMAIN, 4);
        TagModelSpec.Tag function = new TagModelSpec.Tag("<BBBP>", TagModelSpec.FUNCTION, 4);
        TagModelSpec announced = new TagModelSpec(null, "/m", List.of(domain, function), List.of(
                new TagModelSpec.Task("<BBBP>", TagModelSpec.CLASSIFICATION, null, List.of(f))));
        TagModelSpec executed = new TagModelSpec(org.tagllm.knime.nodes.TestBanks.fingerprint('a'), "/m",
                List.of(function, domain), List.of(new TagModelSpec.Task("<BBBP>", TagModelSpec.CLASSIFICATION,
                        List.of("P(0)", "P(1)"), List.of(f))));
        assertTrue(WorkflowRunner.sameModel(announced, executed));
        assertFalse(WorkflowRunner.sameModel(announced, new TagModelSpec(null, "/m", List.of(domain,
                new TagModelSpec.Tag("<BBBP>", TagModelSpec.FUNCTION, 2)), executed.tasks())));
        assertFalse(WorkflowRunner.sameModel(announced, new TagModelSpec(null, "/other", executed.tags(),
                executed.tasks())));
        assertFalse(WorkflowRunner.sameModel(new TagModelSpec(null, "/m", executed.tags(), executed.tasks()),
                new TagModelSpec(null, "/m", executed.tags(), List.of(new TagModelSpec.Task("<BBBP>",
                        TagModelSpec.CLASSIFICATION, List.of("P(no)", "P(yes)"), List.of(f))))));
        assertNull(announced.baseModel());
    }
}
