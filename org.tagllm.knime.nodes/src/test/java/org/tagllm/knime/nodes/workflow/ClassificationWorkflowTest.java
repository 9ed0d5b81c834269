package org.tagllm.knime.nodes.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.method.LabelledTask;
import org.tagllm.knime.nodes.NodeFixture;
import org.tagllm.knime.nodes.RecordingProgress;
import org.tagllm.knime.nodes.common.ModelOutput;
import org.tagllm.knime.nodes.common.ModelOutputSpec;
import org.tagllm.knime.nodes.port.TagModelPortContent;
import org.tagllm.knime.nodes.predict.PredictorNode;
import org.tagllm.knime.nodes.predict.PredictorSettings;
import org.tagllm.knime.nodes.pretrain.DomainPretrainNode;
import org.tagllm.knime.nodes.pretrain.DomainPretrainSettings;
import org.tagllm.knime.nodes.table.CellType;
import org.tagllm.knime.nodes.table.ColumnSpec;
import org.tagllm.knime.nodes.table.InMemoryTable;
import org.tagllm.knime.nodes.table.Row;
import org.tagllm.knime.nodes.table.TableShape;
import org.tagllm.knime.nodes.train.TagTrainerNode;
import org.tagllm.knime.nodes.train.TagTrainerSettings;

/** Domain Tag Pretrain → Tag Trainer (classification) → Tag-LLM Predictor, configured first as KNIME would. */
class ClassificationWorkflowTest {

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
    void configureThenExecuteTheChain() throws Exception {
        InMemoryTable corpus = NodeFixture.molecules(30, 31, CellType.SMILES);
        InMemoryTable labelled = NodeFixture.molecules(48, 32, CellType.SMILES);
        InMemoryTable unseen = NodeFixture.molecules(6, 33, CellType.SMILES);
        DomainPretrainSettings pretrain = fixture.pretrain("smiles", "<SMILES>", 3);
        TagTrainerSettings trainer = NodeFixture.carbons(4).withFunctionTag("<Size>")
                .withLabelled(LabelledTask.Type.CLASSIFICATION, "size");
        PredictorSettings predictor = PredictorSettings.defaults().withMaxTokens(48).withColumns("", "why not")
                .withProbabilities("_m", true);

        // Configure the whole chain before anything runs.
        ModelOutputSpec s1 = DomainPretrainNode.configure(corpus.shape(), pretrain);
        ModelOutputSpec s2 = TagTrainerNode.configure(List.of(s1.model()), labelled.shape(), trainer);
        assertEquals(Optional.empty(), PredictorNode.configure(s2.model(), unseen.shape(), predictor),
                "the classes are not known before the trainer ran");

        ModelOutput o1 = DomainPretrainNode.execute(corpus, pretrain, fixture.engine, new RecordingProgress(),
                fixture.workDir);
        ModelOutput o2 = TagTrainerNode.execute(List.of(o1.port()), labelled, trainer, fixture.engine,
                new RecordingProgress(), fixture.workDir);
        TagModelPortContent model = o2.port();
        assertEquals(s2.model().withBaseModel(model.bank().baseModel()).tags(), model.spec().tags());

        TableShape shape = PredictorNode.configure(model.spec(), unseen.shape(), predictor).orElseThrow();
        assertEquals(unseen.shape().append(ColumnSpec.of("P (Size=few)_m", CellType.DOUBLE),
                ColumnSpec.of("P (Size=many)_m", CellType.DOUBLE), ColumnSpec.of("Prediction (Size)", CellType.STRING),
                ColumnSpec.of("Prediction (Size) (Confidence)", CellType.DOUBLE),
                ColumnSpec.of("why not", CellType.STRING)), shape);
        InMemoryTable.Builder out = InMemoryTable.builder(shape);
        PredictorNode.execute(model, unseen, predictor, fixture.engine, new RecordingProgress(), out);
        InMemoryTable predicted = out.build();
        assertEquals(6, predicted.size());
        for (Row r : predicted.rowList()) {
            double few = (Double) r.cell(3);
            double many = (Double) r.cell(4);
            assertTrue(few >= 0 && many >= 0, r.toString());
            assertEquals(1.0, few + many, 1e-5, "class probabilities sum to one: " + r);
            assertEquals(few > many ? "few" : "many", r.cell(5), "the predicted class is the likelier one");
            assertEquals(Math.max(few, many), (Double) r.cell(6), 0.0, "confidence: the predicted class's probability");
            assertEquals(null, r.cell(7));
        }
    }

    @Test
    void generationAppendsTheGeneratedText() throws Exception {
        ModelOutput o1 = DomainPretrainNode.execute(NodeFixture.molecules(30, 34, CellType.SMILES),
                fixture.pretrain("smiles", "<SMILES>", 2), fixture.engine, new RecordingProgress(), fixture.workDir);
        TagTrainerSettings trainer = NodeFixture.carbons(2).withFunctionTag("<SizeWord>")
                .withLabelled(LabelledTask.Type.GENERATION, "size").withMaxTokens(96);
        InMemoryTable labelled = NodeFixture.molecules(24, 35, CellType.SMILES);
        ModelOutputSpec configured = TagTrainerNode.configure(List.of(o1.port().spec()), labelled.shape(), trainer);
        ModelOutput o2 = TagTrainerNode.execute(List.of(o1.port()), labelled, trainer, fixture.engine,
                new RecordingProgress(), fixture.workDir);
        assertEquals(configured.model(), o2.port().spec());

        InMemoryTable unseen = NodeFixture.molecules(2, 36, CellType.SMILES);
        PredictorSettings predictor = PredictorSettings.defaults().withMaxTokens(96);
        TableShape shape = PredictorNode.configure(o2.port().spec(), unseen.shape(), predictor).orElseThrow();
        assertEquals(ColumnSpec.of("Prediction (SizeWord)", CellType.STRING), shape.columns().get(3));
        InMemoryTable.Builder out = InMemoryTable.builder(shape);
        PredictorNode.execute(o2.port(), unseen, predictor, fixture.engine, new RecordingProgress(), out);
        for (Row r : out.build().rowList()) {
            assertTrue(r.cell(3) instanceof String, r.toString());
            assertEquals(null, r.cell(4));
        }
    }
}
