package org.tagllm.knime.nodes.pretrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.data.BadRowPolicy;
import org.tagllm.knime.engine.data.ColumnKind;
import org.tagllm.knime.engine.tags.Tokenization;
import org.tagllm.knime.nodes.NodeFixture;
import org.tagllm.knime.nodes.RecordingProgress;
import org.tagllm.knime.nodes.common.InputKind;
import org.tagllm.knime.nodes.common.MetricsTable;
import org.tagllm.knime.nodes.common.ModelOutput;
import org.tagllm.knime.nodes.common.ModelOutputSpec;
import org.tagllm.knime.nodes.common.TrainingParameters;
import org.tagllm.knime.nodes.exec.NodeCancelledException;
import org.tagllm.knime.nodes.exec.NodeFailedException;
import org.tagllm.knime.nodes.exec.SettingsException;
import org.tagllm.knime.nodes.port.TagModelSpec;
import org.tagllm.knime.nodes.table.CellType;
import org.tagllm.knime.nodes.table.ColumnSpec;
import org.tagllm.knime.nodes.table.InMemoryTable;
import org.tagllm.knime.nodes.table.Row;
import org.tagllm.knime.nodes.table.TableShape;

class DomainPretrainNodeTest {

    @TempDir
    static Path tmp;

    static NodeFixture fixture;

    @BeforeAll
    static void setUp() throws Exception {
        fixture = new NodeFixture(tmp);
    }

    @AfterAll
    static void tearDown() {
        fixture.close();
    }

    @Test
    void defaultsAreTheCommandLines() {
        DomainPretrainSettings d = DomainPretrainSettings.defaults();
        assertEquals(10, d.vectors());
        assertEquals(128, d.maxTokens());
        assertEquals(0.05, d.holdoutFraction());
        assertEquals(256, d.maxHoldout());
        assertEquals(TrainingParameters.defaults(), d.training());
        assertEquals(1, d.training().epochs());
        assertEquals(16, d.training().batchSize());
        assertEquals(0, d.training().microBatchSize());
        assertEquals(1e-3, d.training().learningRate());
        assertEquals("cpu", d.device());
        assertEquals(BadRowPolicy.SKIP, d.badRows());
        assertEquals("", d.baseModelFolder());
    }

    @Test
    void validationNamesTheSettingTheValueAndWhy() {
        TableShape shape = NodeFixture.molecules(1, 1, CellType.SMILES).shape();
        SettingsException noModel = assertThrows(SettingsException.class,
                () -> DomainPretrainSettings.defaults().validate(shape));
        assertEquals("base model folder", noModel.setting());
        assertTrue(noModel.getMessage().contains("choose a base model folder"), noModel.getMessage());

        DomainPretrainSettings ok = fixture.pretrain("smiles", "<SMILES>", 3);
        SettingsException column = assertThrows(SettingsException.class,
                () -> ok.withColumn("smile").validate(shape));
        assertEquals("setting 'column' = 'smile': no column 'smile'; the table has smiles, carbons, size",
                column.getMessage());
        SettingsException numeric = assertThrows(SettingsException.class,
                () -> ok.withColumn("carbons").validate(shape));
        assertEquals("setting 'column' = 'carbons': the column holds double cells; choose a string, SMILES or SDF "
                + "column", numeric.getMessage());
        SettingsException tag = assertThrows(SettingsException.class, () -> ok.withTagName("SMILES").validate(shape));
        assertEquals("setting 'tag name' = 'SMILES': a tag name is one word in angle brackets, e.g. <SMILES>",
                tag.getMessage());
        SettingsException keep = assertThrows(SettingsException.class,
                () -> ok.withBadRows(BadRowPolicy.KEEP).validate(shape));
        assertEquals("bad rows", keep.setting());
        SettingsException device = assertThrows(SettingsException.class, () -> ok.withDevice("gpu").validate(shape));
        assertEquals("setting 'device' = 'gpu': use cpu or cuda:N (e.g. cuda:0)", device.getMessage());
        SettingsException lr = assertThrows(SettingsException.class, () -> ok.withTraining(
                ok.training().withLearningRate(0)).validate(shape));
        assertEquals("setting 'learning rate' = '0.0': must be positive and finite", lr.getMessage());
        SettingsException micro = assertThrows(SettingsException.class, () -> ok.withTraining(
                ok.training().withMicroBatchSize(9)).validate(shape));
        assertEquals("setting 'micro-batch size' = '9': must be 0 (the batch size) or between 1 and the batch size 8",
                micro.getMessage());
    }

    @Test
    void theColumnKindFollowsTheCellTypeAndTheTagName() {
        TableShape strings = NodeFixture.proteins(1, 1).shape();
        DomainPretrainSettings s = fixture.pretrain("sequence", "<Protein>", 1);
        assertEquals(ColumnKind.PROTEIN, s.columnKind(strings));
        assertEquals(ColumnKind.SMILES, s.withTagName("<SMILES>").columnKind(strings));
        assertEquals(ColumnKind.TEXT, s.withTagName("<Abstract>").columnKind(strings));
        assertEquals(ColumnKind.SMILES, s.withKind(InputKind.TEXT).columnKind(TableShape.of(
                ColumnSpec.of("sequence", CellType.SDF))), "molecule cells are SMILES whatever is chosen");
        assertEquals(Tokenization.CHARACTER, s.tokenizationFor(ColumnKind.PROTEIN));
        assertEquals(Tokenization.MODEL, s.tokenizationFor(ColumnKind.TEXT));
        assertEquals("sequence", DomainPretrainSettings.guessColumn(strings));
        assertEquals("smiles", DomainPretrainSettings.guessColumn(NodeFixture.molecules(1, 1, CellType.SMILES)
                .shape()));
    }

    @Test
    void executionGivesTheConfiguredSpecsWithProgressWarningsAndMetrics() throws Exception {
        InMemoryTable good = NodeFixture.molecules(30, 3, CellType.SMILES);
        InMemoryTable.Builder withBad = InMemoryTable.builder(good.shape());
        good.rowList().forEach(withBad::add);
        withBad.add(Row.of("bad-smiles", "C1CC(", 1.0, "few")).add(Row.of("missing", null, 1.0, "few"));
        InMemoryTable table = withBad.build();
        DomainPretrainSettings settings = fixture.pretrain("smiles", "<SMILES>", 3);

        ModelOutputSpec spec = DomainPretrainNode.configure(table.shape(), settings);
        RecordingProgress progress = new RecordingProgress();
        ModelOutput out = DomainPretrainNode.execute(table, settings, fixture.engine, progress, fixture.workDir);

        TagModelSpec executed = out.port().spec();
        assertNotNull(executed.baseModel());
        assertEquals(spec.model().withBaseModel(executed.baseModel()), executed,
                "configure's spec is the executed one, the fingerprint aside");
        assertEquals(spec.metrics(), out.metrics().shape());
        assertEquals(List.of("<SMILES>"), executed.domainTags());

        // Progress: every optimizer step with its epoch and loss (and one more report after the validation).
        List<String> steps = progress.messages.stream().filter(m -> m.contains("loss")).toList();
        assertEquals(List.of("1", "2", "3"), steps.stream().map(m -> m.replaceAll(".*step (\\d+)/3.*", "$1"))
                .distinct().toList(), progress.messages.toString());
        assertTrue(steps.get(0).matches("epoch 1, step 1/3, loss [0-9.]+"), steps.get(0));
        assertTrue(steps.get(steps.size() - 1).matches("epoch 1, step 3/3, loss [0-9.]+, validation [0-9.]+"),
                steps.toString());
        assertEquals(1.0, progress.fractions.get(progress.fractions.size() - 1));

        // Warnings: the missing cell before training, the invalid SMILES from the engine, both by row key.
        assertEquals(2, progress.warnings.size(), progress.warnings.toString());
        assertTrue(progress.warnings.get(0).contains("missing (missing value)"), progress.warnings.get(0));
        assertTrue(progress.warnings.get(1).startsWith("1 of 31 rows skipped: invalid SMILES (1): bad-smiles "
                + "(column 'text', value 'C1CC(')"), progress.warnings.get(1));

        assertEquals(3.0, out.flowVariables().get(DomainPretrainNode.STEPS));
        assertEquals(30.0, out.flowVariables().get(DomainPretrainNode.ROWS_USED));
        assertEquals(2.0, out.flowVariables().get(DomainPretrainNode.ROWS_SKIPPED));
        assertEquals(out.port().metrics(), out.flowVariables());
        double lastStepLoss = out.port().curves().get(0).stepLosses().get(2);
        assertEquals(lastStepLoss, out.flowVariables().get(DomainPretrainNode.FINAL_TRAIN_LOSS));
        // The metrics table holds the epoch curve, then the finals.
        assertEquals(List.of(MetricsTable.TRAIN_LOSS, 1, out.port().curves().get(0).epochLosses().get(0)),
                out.metrics().row(0).cells());
        assertEquals(out.flowVariables().get(DomainPretrainNode.HELDOUT_LOSS_TRAINED),
                out.metrics().rowList().stream().filter(r -> r.cell(0).equals(DomainPretrainNode.HELDOUT_LOSS_TRAINED))
                        .findFirst().orElseThrow().cell(2));
        try (var left = Files.list(fixture.workDir)) {
            assertEquals(0, left.count(), "the temporary corpus is deleted");
        }
    }

    @Test
    void badRowsFailTheNodeUnderTheFailPolicy() {
        InMemoryTable table = InMemoryTable.builder(NodeFixture.molecules(1, 1, CellType.SMILES).shape())
                .add(Row.of("r0", "CCO", 1.0, "few")).add(Row.of("r1", null, 1.0, "few")).build();
        NodeFailedException e = assertThrows(NodeFailedException.class, () -> DomainPretrainNode.execute(table,
                fixture.pretrain("smiles", "<SMILES>", 1).withBadRows(BadRowPolicy.FAIL), fixture.engine,
                new RecordingProgress(), fixture.workDir));
        assertEquals("row r1, column 'smiles': missing value (bad-row policy: fail)", e.getMessage());
    }

    @Test
    void cancellingAfterTheFirstStepStopsWithinOneStepAndTheNextRunWorks() throws Exception {
        InMemoryTable table = NodeFixture.molecules(40, 5, CellType.SMILES);
        RecordingProgress cancelling = new RecordingProgress(m -> m.contains("step 1/"));
        NodeCancelledException e = assertThrows(NodeCancelledException.class, () -> DomainPretrainNode.execute(
                table, fixture.pretrain("smiles", "<SMILES>", 200), fixture.engine, cancelling, fixture.workDir));
        assertEquals(1, e.completedSteps(), e.getMessage());
        assertEquals(1, cancelling.messages.stream().filter(m -> m.contains("loss")).count());

        ModelOutput next = DomainPretrainNode.execute(table, fixture.pretrain("smiles", "<SMILES>", 2),
                fixture.engine, new RecordingProgress(), fixture.workDir);
        assertEquals(2.0, next.flowVariables().get(DomainPretrainNode.STEPS));
    }
}
