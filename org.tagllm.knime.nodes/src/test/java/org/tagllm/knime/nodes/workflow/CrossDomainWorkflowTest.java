package org.tagllm.knime.nodes.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.data.ColumnKind;
import org.tagllm.knime.nodes.NodeFixture;
import org.tagllm.knime.nodes.RecordingProgress;
import org.tagllm.knime.nodes.TestBanks;
import org.tagllm.knime.nodes.common.ModelOutput;
import org.tagllm.knime.nodes.compose.ComposerNode;
import org.tagllm.knime.nodes.compose.ComposerSettings;
import org.tagllm.knime.nodes.exec.NodeFailedException;
import org.tagllm.knime.nodes.exec.SettingsException;
import org.tagllm.knime.nodes.port.TagModelPortContent;
import org.tagllm.knime.nodes.port.TagModelSpec;
import org.tagllm.knime.nodes.predict.PredictionSummary;
import org.tagllm.knime.nodes.predict.PredictorNode;
import org.tagllm.knime.nodes.predict.PredictorSettings;
import org.tagllm.knime.nodes.pretrain.DomainPretrainNode;
import org.tagllm.knime.nodes.table.CellType;
import org.tagllm.knime.nodes.table.InMemoryTable;
import org.tagllm.knime.nodes.table.TableShape;
import org.tagllm.knime.nodes.train.InputMapping;
import org.tagllm.knime.nodes.train.TagTrainerNode;
import org.tagllm.knime.nodes.train.TagTrainerSettings;

/**
 * Two Domain Tag Pretrain nodes (SMILES and protein) → Tag Trainer (stage 3, both tags) → Tag Composer (the
 * function tag with a second, independently trained SMILES tag: zero-shot) → Tag-LLM Predictor.
 */
class CrossDomainWorkflowTest {

    @TempDir
    static Path tmp;

    static NodeFixture fixture;
    static TagModelPortContent smiles;
    static TagModelPortContent protein;
    static TagModelPortContent smilesAgain;
    static ModelOutput stage3;

    @BeforeAll
    static void runTheTrainingNodes() throws Exception {
        fixture = new NodeFixture(tmp);
        smiles = fixture.smilesTags(30, 41, 3);
        protein = DomainPretrainNode.execute(NodeFixture.proteins(30, 42), fixture.pretrain("sequence", "<Protein>",
                3), fixture.engine, new RecordingProgress(), fixture.workDir).port();
        smilesAgain = DomainPretrainNode.execute(NodeFixture.molecules(30, 43, CellType.SMILES),
                fixture.pretrain("smiles", "<SMILES>", 2), fixture.engine, new RecordingProgress(), fixture.workDir)
                .port();
        stage3 = TagTrainerNode.execute(List.of(smiles, protein), NodeFixture.pairs(48, 44), affinity(),
                fixture.engine, new RecordingProgress(), fixture.workDir);
    }

    static TagTrainerSettings affinity() {
        return NodeFixture.carbons(4).withFunctionTag("<Affinity>").withInputs(List.of(
                InputMapping.of("sequence", "<Protein>"), InputMapping.of("smiles", "<SMILES>")))
                .withRegression(List.of("affinity"));
    }

    @AfterAll
    static void tearDown() {
        fixture.close();
    }

    @Test
    void twoDomainTagsMakeStageThreeAndTheConfiguredSpecIsTheExecutedOne() throws Exception {
        assertEquals(3.0, stage3.flowVariables().get(TagTrainerNode.STAGE));
        TagModelSpec configured = TagTrainerNode.configure(List.of(smiles.spec(), protein.spec()),
                NodeFixture.pairs(1, 1).shape(), affinity()).model();
        assertEquals(configured, stage3.port().spec());
        TagModelSpec.Task task = configured.task("<Affinity>").orElseThrow();
        assertEquals(List.of(new TagModelSpec.Field("sequence", "<Protein>", "protein", "character"),
                new TagModelSpec.Field("smiles", "<SMILES>", "smiles", "character")), task.fields());
        assertEquals(ColumnKind.PROTEIN.name().toLowerCase(java.util.Locale.ROOT), task.fields().get(0).kind());
        assertEquals(3, stage3.port().curves().size(), "both stage-1 curves and the stage-3 one");
    }

    @Test
    void composingWithAnotherSmilesTagIsZeroShotAndPredicts() throws Exception {
        ComposerSettings settings = ComposerSettings.defaults(); // the function tag from the last port
        List<TagModelPortContent> ports = List.of(smilesAgain, stage3.port());
        TagModelSpec configured = ComposerNode.configure(ports.stream().map(TagModelPortContent::spec).toList(),
                settings);
        RecordingProgress zeroShotProgress = new RecordingProgress();
        TagModelPortContent zeroShot = ComposerNode.execute(ports, settings, fixture.engine, zeroShotProgress);
        assertEquals(List.of("<SMILES> from port 1 replaces the one <Affinity> was trained with (port 2): a "
                + "zero-shot pairing"), zeroShotProgress.warnings, "the swap is said, naming both ports");
        assertEquals(configured, zeroShot.spec());
        assertEquals(List.of("<Affinity>", "<Protein>", "<SMILES>"), zeroShot.spec().tags().stream()
                .map(TagModelSpec.Tag::name).toList());
        // The connected <SMILES> replaces the one the function tag was trained with: a zero-shot pairing.
        assertEquals(smilesAgain.bank().tag("<SMILES>"), zeroShot.bank().tag("<SMILES>"));
        assertNotEquals(stage3.port().bank().tag("<SMILES>"), zeroShot.bank().tag("<SMILES>"));
        assertEquals(stage3.port().bank().tag("<Protein>"), zeroShot.bank().tag("<Protein>"));
        assertEquals(stage3.port().bank().tag("<Affinity>"), zeroShot.bank().tag("<Affinity>"));
        assertEquals(1.0, zeroShot.metrics().get(ComposerNode.ZERO_SHOT));

        // The very tag it was trained with is no new pairing.
        RecordingProgress sameProgress = new RecordingProgress();
        TagModelPortContent same = ComposerNode.execute(List.of(smiles, stage3.port()), settings, fixture.engine,
                sameProgress);
        assertEquals(stage3.port().bank().tag("<SMILES>"), same.bank().tag("<SMILES>"));
        assertEquals(0.0, same.metrics().get(ComposerNode.ZERO_SHOT));
        assertEquals(List.of(), sameProgress.warnings);

        // Two connected <SMILES> with different values: the engine refuses to choose, as the command line does.
        NodeFailedException clash = assertThrows(NodeFailedException.class, () -> ComposerNode.execute(
                List.of(smiles, smilesAgain, stage3.port()), settings, fixture.engine, new RecordingProgress()));
        assertTrue(clash.getMessage().contains("<SMILES>") && clash.getMessage().contains("different values"),
                clash.getMessage());

        InMemoryTable pairs = NodeFixture.pairs(5, 45);
        PredictorSettings predictor = PredictorSettings.defaults().withMaxTokens(64);
        TableShape shape = PredictorNode.configure(zeroShot.spec(), pairs.shape(), predictor).orElseThrow();
        InMemoryTable.Builder out = InMemoryTable.builder(shape);
        PredictionSummary summary = PredictorNode.execute(zeroShot, pairs, predictor, fixture.engine,
                new RecordingProgress(), out);
        assertEquals(new PredictionSummary(5, 5, 0), summary);
        assertTrue(out.build().rowList().stream().allMatch(r -> Double.isFinite((Double) r.cell(3))));
    }

    @Test
    void theComposerRefusesDifferentBaseModelsAndMissingDomainTags() {
        TagModelPortContent foreign = new TagModelPortContent(TestBanks.domain(TestBanks.fingerprint('c'),
                "<SMILES>", 5), "/other/model", List.of(), Map.of());
        SettingsException models = assertThrows(SettingsException.class, () -> ComposerNode.configure(
                List.of(foreign.spec(), stage3.port().spec()), ComposerSettings.defaults()));
        assertEquals("the tag models at ports 1 and 2 belong to different base models: port 1 to "
                + TestBanks.fingerprint('c').describe() + ", port 2 to " + stage3.port().bank().baseModel().describe()
                + ". Tags only work with the model they were trained on; train both on one base model",
                models.getMessage());

        TagModelPortContent noProtein = new TagModelPortContent(stage3.port().bank().withoutTag("<Protein>"),
                stage3.port().baseModelFolder(), List.of(), Map.of());
        SettingsException missing = assertThrows(SettingsException.class, () -> ComposerNode.configure(
                List.of(smilesAgain.spec(), noProtein.spec()), ComposerSettings.defaults()));
        assertEquals("the task <Affinity> needs the domain tag <Protein>, which no input tag model holds; they hold "
                + "[<SMILES>]", missing.getMessage());

        SettingsException noFunction = assertThrows(SettingsException.class, () -> ComposerNode.configure(
                List.of(stage3.port().spec(), smilesAgain.spec()), ComposerSettings.defaults()));
        assertEquals("setting 'function port' = '2': the tag model at port 2 holds no function tag; connect the Tag "
                + "Trainer's output there, or choose another port", noFunction.getMessage());
        SettingsException one = assertThrows(SettingsException.class, () -> ComposerNode.configure(
                List.of(stage3.port().spec()), ComposerSettings.defaults()));
        assertTrue(one.getMessage().startsWith("connect two or more tag models"), one.getMessage());
        TagModelSpec first = assertDoesNotThrow(new ComposerSettings(1, "<Affinity>"));
        assertEquals(stage3.port().spec().tasks(), first.tasks(), "the function tag from port 1 when asked");
    }

    private static TagModelSpec assertDoesNotThrow(ComposerSettings s) {
        return org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> ComposerNode.configure(
                List.of(stage3.port().spec(), smilesAgain.spec()), s));
    }
}
