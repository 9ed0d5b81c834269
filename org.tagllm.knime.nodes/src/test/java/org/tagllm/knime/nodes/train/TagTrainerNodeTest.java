package org.tagllm.knime.nodes.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.data.BadRowPolicy;
import org.tagllm.knime.engine.io.OutputLock;
import org.tagllm.knime.engine.method.LabelledTask;
import org.tagllm.knime.nodes.NodeFixture;
import org.tagllm.knime.nodes.RecordingProgress;
import org.tagllm.knime.nodes.TestBanks;
import org.tagllm.knime.nodes.common.MetricsTable;
import org.tagllm.knime.nodes.common.ModelOutput;
import org.tagllm.knime.nodes.common.ModelOutputSpec;
import org.tagllm.knime.nodes.common.TrainingParameters;
import org.tagllm.knime.nodes.exec.NodeCancelledException;
import org.tagllm.knime.nodes.exec.NodeFailedException;
import org.tagllm.knime.nodes.exec.SettingsException;
import org.tagllm.knime.nodes.port.TagModelPortContent;
import org.tagllm.knime.nodes.port.TagModelSpec;
import org.tagllm.knime.nodes.table.CellType;
import org.tagllm.knime.nodes.table.InMemoryTable;
import org.tagllm.knime.nodes.table.Row;
import org.tagllm.knime.nodes.table.TableShape;

class TagTrainerNodeTest {

    @TempDir
    static Path tmp;

    static NodeFixture fixture;
    static TagModelPortContent smiles;

    @BeforeAll
    static void setUp() throws Exception {
        fixture = new NodeFixture(tmp);
        smiles = fixture.smilesTags(30, 11, 3);
    }

    @AfterAll
    static void tearDown() {
        fixture.close();
    }

    @Test
    void defaultsAreTheCommandLines() {
        TagTrainerSettings d = TagTrainerSettings.defaults();
        assertEquals(LabelledTask.Type.REGRESSION, d.taskType());
        assertEquals(0.1, d.validFraction());
        assertEquals(0.1, d.testFraction());
        assertEquals(10, d.vectors());
        assertEquals(512, d.maxTokens());
        assertEquals(0, d.maxTrainRows());
        assertEquals(0, d.maxEvalRows());
        assertEquals(TrainingParameters.defaults(), d.training());
        assertEquals(0, d.training().patience());
        assertTrue(d.training().keepBestEpoch());
        assertEquals("cpu", d.device());
        assertEquals(BadRowPolicy.SKIP, d.badRows());
        assertNull(d.functionTag());
        assertNull(d.splitColumn());
    }

    @Test
    void validationNamesTheSettingTheValueAndWhy() {
        TableShape table = NodeFixture.molecules(1, 1, CellType.SMILES).shape();
        List<TagModelSpec> ports = List.of(smiles.spec());
        TagTrainerSettings ok = NodeFixture.carbons(2);
        assertEquals("setting 'function tag' is not set: give a tag name, one word in angle brackets, e.g. <SMILES>",
                message(TagTrainerSettings.defaults(), table, ports));
        assertEquals("setting 'domain tag of smiles' = '<Protein>': no input tag model holds it; they hold "
                + "[<SMILES>]. Train it with Domain Tag Pretrain and connect its port",
                message(ok.withInputs(List.of(InputMapping.of("smiles", "<Protein>"))), table, ports));
        assertEquals("setting 'target columns' is not set: a regression task needs at least one numeric target "
                + "column", message(ok.withRegression(List.of()), table, ports));
        assertEquals("setting 'target column' = 'size': holds string cells; a regression target is numeric",
                message(ok.withRegression(List.of("size")), table, ports));
        assertEquals("setting 'label column' = 'smiles': the column already has another role; an input cannot also "
                + "be a target, label or split column", message(ok.withLabelled(LabelledTask.Type.CLASSIFICATION,
                        "smiles"), table, ports));
        assertEquals("setting 'label column' = 'class': no column 'class'; the table has smiles, carbons, size",
                message(ok.withLabelled(LabelledTask.Type.CLASSIFICATION, "class"), table, ports));
        assertEquals("setting 'test fraction' = '0.5': validation and test fractions add up to 1.0; leave rows to "
                + "train on", message(ok.withSplit(null, 0.5, 0.5), table, ports));
        assertEquals("setting 'function tag' = '<SMILES>': an input tag model already has a tag of this name; "
                + "choose another", message(ok.withFunctionTag("<SMILES>"), table, ports));
        assertEquals("setting 'domain tag of smiles' is not set: a smiles input stands behind a domain tag (e.g. "
                + "<SMILES>); only plain text may stand untagged",
                message(ok.withInputs(List.of(InputMapping.of("smiles", null))), table, ports));
    }

    private static String message(TagTrainerSettings s, TableShape table, List<TagModelSpec> ports) {
        return assertThrows(SettingsException.class, () -> TagTrainerNode.configure(ports, table, s)).getMessage();
    }

    @Test
    void tagModelsOfDifferentBaseModelsAreRefusedNamingPortsAndModels() {
        TagModelSpec other = new TagModelPortContent(TestBanks.domain(TestBanks.fingerprint('b'), "<Protein>", 1),
                "/elsewhere", List.of(), Map.of()).spec();
        SettingsException e = assertThrows(SettingsException.class, () -> TagTrainerNode.configure(
                List.of(smiles.spec(), other), NodeFixture.molecules(1, 1, CellType.SMILES).shape(),
                NodeFixture.carbons(2)));
        assertTrue(e.getMessage().startsWith("the tag models at ports 1 and 2 belong to different base models: port 1"
                + " to " + smiles.bank().baseModel().describe() + ", port 2 to "
                + TestBanks.fingerprint('b').describe()), e.getMessage());
    }

    @Test
    void regressionGivesTheConfiguredSpecWarningsForBadRowsAndFinalMetrics() throws Exception {
        InMemoryTable good = NodeFixture.molecules(40, 12, CellType.SMILES);
        InMemoryTable.Builder b = InMemoryTable.builder(good.shape());
        good.rowList().forEach(b::add);
        InMemoryTable table = b.add(Row.of("no-target", "CCO", null, "few")).add(Row.of("bad", "C1CC(", 2.0, "few"))
                .build();
        TagTrainerSettings settings = NodeFixture.carbons(4);

        ModelOutputSpec spec = TagTrainerNode.configure(List.of(smiles.spec()), table.shape(), settings);
        RecordingProgress progress = new RecordingProgress();
        ModelOutput out = TagTrainerNode.execute(List.of(smiles), table, settings, fixture.engine, progress,
                fixture.workDir);

        assertEquals(spec.model(), out.port().spec(), "upstream ran, so even the fingerprint is known at configure");
        assertEquals(List.of("<SMILES>", "<Carbons>"), out.port().spec().tags().stream().map(TagModelSpec.Tag::name)
                .toList());
        assertEquals(MetricsTable.SHAPE, out.metrics().shape());
        assertEquals(2.0, out.flowVariables().get(TagTrainerNode.STAGE));
        assertEquals(4.0, out.flowVariables().get(TagTrainerNode.STEPS));
        for (String metric : List.of("valid.rmse", "test.rmse", "test.r2", "train_rows", "valid_rows", "test_rows")) {
            assertTrue(out.flowVariables().containsKey(metric), metric + " in " + out.flowVariables());
        }
        assertEquals(40.0, out.flowVariables().get("train_rows") + out.flowVariables().get("valid_rows")
                + out.flowVariables().get("test_rows"), "the two bad rows are skipped");
        double rmse = out.flowVariables().get("test.rmse");
        assertEquals(rmse * rmse, out.flowVariables().get("test.mse"), 1e-9);
        assertEquals(1, progress.warnings.size(), progress.warnings.toString());
        String w = progress.warnings.get(0);
        assertTrue(w.startsWith("2 of 42 rows skipped: "), w);
        assertTrue(w.contains("no-target (column 'carbons'"), w);
        assertTrue(w.contains("bad (column 'smiles', value 'C1CC(')"), w);
        assertTrue(progress.messages.stream().anyMatch(m -> m.matches("epoch 1, step 4/4, loss [0-9.]+.*")),
                progress.messages.toString());
        assertEquals(2, out.port().curves().size(), "the stage-1 curve, then this one");
        assertEquals(out.port().curves().get(1).epochLosses().get(0), out.metrics().row(0).cell(2));
    }

    /** A learning rate so large that the head answers one value for every row is shown as a node warning. */
    @Test
    void aRunThatLearntNothingWarns() throws Exception {
        InMemoryTable table = NodeFixture.molecules(40, 12, CellType.SMILES);
        TagTrainerSettings settings = NodeFixture.carbons(8)
                .withTraining(NodeFixture.steps(8).withLearningRate(1e30));
        RecordingProgress progress = new RecordingProgress();
        TagTrainerNode.execute(List.of(smiles), table, settings, fixture.engine, progress, fixture.workDir);
        assertTrue(progress.warnings.stream().anyMatch(w -> w.contains("collapsed") && w.contains("1.0E30")),
                progress.warnings.toString());
    }

    @Test
    void classificationOutputsAreKnownOnlyAfterExecution() throws Exception {
        InMemoryTable table = NodeFixture.molecules(40, 13, CellType.SMILES);
        TagTrainerSettings settings = NodeFixture.carbons(3).withFunctionTag("<Size>")
                .withLabelled(LabelledTask.Type.CLASSIFICATION, "size");
        TagModelSpec.Task configured = TagTrainerNode.configure(List.of(smiles.spec()), table.shape(), settings)
                .model().task("<Size>").orElseThrow();
        assertNull(configured.outputNames());
        ModelOutput out = TagTrainerNode.execute(List.of(smiles), table, settings, fixture.engine,
                new RecordingProgress(), fixture.workDir);
        TagModelSpec.Task executed = out.port().spec().task("<Size>").orElseThrow();
        assertEquals(List.of("P(few)", "P(many)"), executed.outputNames());
        assertEquals(new TagModelSpec.Task("<Size>", "classification", executed.outputNames(), configured.fields()),
                executed);
        assertTrue(out.flowVariables().containsKey("valid.accuracy"), out.flowVariables().toString());
    }

    @Test
    void cancellingAfterTheFirstStepStopsWithinOneStepAndTheNextRunWorks() throws Exception {
        InMemoryTable table = NodeFixture.molecules(40, 14, CellType.SMILES);
        RecordingProgress cancelling = new RecordingProgress(m -> m.contains("step 1/"));
        NodeCancelledException e = assertThrows(NodeCancelledException.class, () -> TagTrainerNode.execute(
                List.of(smiles), table, NodeFixture.carbons(300), fixture.engine, cancelling, fixture.workDir));
        assertEquals(1, e.completedSteps(), e.getMessage());
        ModelOutput next = TagTrainerNode.execute(List.of(smiles), table, NodeFixture.carbons(2), fixture.engine,
                new RecordingProgress(), fixture.workDir);
        assertEquals(2.0, next.flowVariables().get(TagTrainerNode.STEPS));
    }

    @Test
    void aCancelledRunWithACheckpointFolderResumesAndEndsAsAnUninterruptedRun() throws Exception {
        InMemoryTable table = NodeFixture.molecules(40, 15, CellType.SMILES);
        TagTrainerSettings plain = NodeFixture.carbons(6);
        TagModelPortContent uninterrupted = TagTrainerNode.execute(List.of(smiles), table, plain, fixture.engine,
                new RecordingProgress(), fixture.workDir).port();

        Path folder = tmp.resolve("checkpoints");
        TagTrainerSettings checkpointed = plain.withTraining(plain.training().withCheckpointFolder(folder.toString())
                .withCheckpointEvery(1));
        NodeCancelledException e = assertThrows(NodeCancelledException.class, () -> TagTrainerNode.execute(
                List.of(smiles), table, checkpointed, fixture.engine, new RecordingProgress(m -> m.contains("step 3/")),
                fixture.workDir));
        assertEquals(3, e.completedSteps(), e.getMessage());

        RecordingProgress again = new RecordingProgress();
        ModelOutput resumed = TagTrainerNode.execute(List.of(smiles), table, checkpointed, fixture.engine, again,
                fixture.workDir);
        assertTrue(again.messages.stream().anyMatch(m -> m.startsWith("resuming from checkpoint ")
                && m.contains(folder.toString())), again.messages.toString());
        assertTrue(again.messages.stream().noneMatch(m -> m.contains("step 1/") || m.contains("step 3/")),
                "steps 1-3 are not run again: " + again.messages);
        assertEquals(6.0, resumed.flowVariables().get(TagTrainerNode.STEPS));
        // The engine's promise: a resumed run ends with the parameters of the uninterrupted one, bit for bit.
        assertEquals(uninterrupted.bank().tensors().keySet(), resumed.port().bank().tensors().keySet());
        uninterrupted.bank().tensors().forEach((name, t) -> assertArrayEquals(t.values(),
                resumed.port().bank().tensors().get(name).values(), name));
    }

    @Test
    void aCheckpointOfAnotherRunIsRefusedNamingTheDifference() throws Exception {
        InMemoryTable table = NodeFixture.molecules(40, 16, CellType.SMILES);
        Path folder = tmp.resolve("other-run");
        TagTrainerSettings first = NodeFixture.carbons(2);
        first = first.withTraining(first.training().withCheckpointFolder(folder.toString()));
        TagTrainerNode.execute(List.of(smiles), table, first, fixture.engine, new RecordingProgress(),
                fixture.workDir);
        TagTrainerSettings changed = first.withTraining(first.training().withLearningRate(5e-3));
        NodeFailedException e = assertThrows(NodeFailedException.class, () -> TagTrainerNode.execute(List.of(smiles),
                table, changed, fixture.engine, new RecordingProgress(), fixture.workDir));
        assertTrue(e.getMessage().contains("learningRate") || e.getMessage().contains("learning rate"),
                e.getMessage());
    }
    @Test
    void aCheckpointFolderThatCannotBeMadeIsRefusedBeforeTraining() throws Exception {
        InMemoryTable table = NodeFixture.molecules(40, 17, CellType.SMILES);
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        TagTrainerSettings settings = NodeFixture.carbons(2);
        TagTrainerSettings underFile = settings.withTraining(settings.training()
                .withCheckpointFolder(file.resolve("checkpoints").toString()));
        RecordingProgress progress = new RecordingProgress();
        IOException e = assertThrows(IOException.class, () -> TagTrainerNode.execute(List.of(smiles), table,
                underFile, fixture.engine, progress, fixture.workDir));
        assertTrue(e.getMessage().contains(file + " is a file"), e.getMessage());
        assertTrue(progress.messages.stream().noneMatch(m -> m.contains("step ")), "nothing trained: "
                + progress.messages);
    }

    @Test
    void aCheckpointFolderInUseByAnotherRunIsRefused() throws Exception {
        InMemoryTable table = NodeFixture.molecules(40, 18, CellType.SMILES);
        Path folder = tmp.resolve("busy-checkpoints");
        TagTrainerSettings settings = NodeFixture.carbons(2);
        TagTrainerSettings busy = settings.withTraining(settings.training().withCheckpointFolder(folder.toString()));
        RecordingProgress progress = new RecordingProgress();
        try (OutputLock other = OutputLock.acquire(folder, "another Tag Trainer node")) {
            IOException e = assertThrows(IOException.class, () -> TagTrainerNode.execute(List.of(smiles), table,
                    busy, fixture.engine, progress, fixture.workDir));
            assertTrue(e.getMessage().contains(folder + ": another run is writing it")
                    && e.getMessage().contains("another Tag Trainer node"), e.getMessage());
        }
        assertTrue(progress.messages.stream().noneMatch(m -> m.contains("step ")), progress.messages.toString());
        ModelOutput after = TagTrainerNode.execute(List.of(smiles), table, busy, fixture.engine,
                new RecordingProgress(), fixture.workDir);
        assertEquals(2.0, after.flowVariables().get(TagTrainerNode.STEPS), "free again once the other run ends");
    }
}
