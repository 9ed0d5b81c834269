package org.tagllm.knime.nodes.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.bank.ReferenceSequences;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.domain.SequenceIdentity;
import org.tagllm.knime.nodes.NodeFixture;
import org.tagllm.knime.nodes.RecordingProgress;
import org.tagllm.knime.nodes.port.TagModelPortContent;
import org.tagllm.knime.nodes.pretrain.DomainPretrainNode;
import org.tagllm.knime.nodes.table.CellType;
import org.tagllm.knime.nodes.table.ColumnSpec;
import org.tagllm.knime.nodes.table.InMemoryTable;
import org.tagllm.knime.nodes.table.Row;
import org.tagllm.knime.nodes.table.TableShape;
import org.tagllm.knime.nodes.train.InputMapping;
import org.tagllm.knime.nodes.train.TagTrainerNode;
import org.tagllm.knime.nodes.train.TagTrainerSettings;

/**
 * A calibrated protein task stores its distinct training sequences, and the Predictor adds {@code ad_identity}: the
 * 3-mer identity estimate to the nearest of them (1 for a training sequence itself).
 */
class PredictorSequenceIdentityTest {

    @TempDir
    static Path tmp;

    static NodeFixture fixture;
    static TagModelPortContent trained;
    static InMemoryTable table;

    @BeforeAll
    static void setUp() throws Exception {
        fixture = new NodeFixture(tmp);
        table = lysines(60, 2);
        TagModelPortContent proteins = DomainPretrainNode.execute(table, fixture.pretrain("sequence", "<Protein>", 2),
                fixture.engine, new RecordingProgress(), fixture.workDir).port();
        TagTrainerSettings settings = NodeFixture.carbons(2).withFunctionTag("<Lysines>")
                .withInputs(List.of(InputMapping.of("sequence", "<Protein>"))).withRegression(List.of("lysines"))
                .withSplit(null, 0.3, 0.2).withCalibration(true, 0.8);
        trained = TagTrainerNode.execute(List.of(proteins), table, settings, fixture.engine, new RecordingProgress(),
                fixture.workDir).port();
    }

    @AfterAll
    static void tearDown() {
        fixture.close();
    }

    /** {@code n} sequences of 8 to 20 residues, each twice (pairs with one protein, many ligands repeat it). */
    static InMemoryTable lysines(int n, long seed) {
        InMemoryTable.Builder b = InMemoryTable.builder(TableShape.of(ColumnSpec.of("sequence", CellType.STRING),
                ColumnSpec.of("lysines", CellType.DOUBLE)));
        Random r = new Random(seed);
        for (int i = 0; i < n / 2; i++) {
            StringBuilder s = new StringBuilder();
            for (int j = 0, k = 8 + r.nextInt(13); j < k; j++) {
                s.append(NodeFixture.RESIDUES.charAt(r.nextInt(NodeFixture.RESIDUES.length())));
            }
            double k = s.chars().filter(c -> c == 'K').count();
            b.add(Row.of("Row" + i + "a", s.toString(), k)).add(Row.of("Row" + i + "b", s.toString(), k));
        }
        return b.build();
    }

    @Test
    void theBankHoldsTheDistinctTrainingSequencesAndRoundTrips() throws Exception {
        ReferenceSequences reference = trained.bank().referenceSequences("<Lysines>").orElseThrow();
        assertEquals("sequence", reference.field());
        assertEquals(new TreeSet<>(reference.sequences()).size(), reference.sequences().size(), "each once");
        assertTrue(reference.sequences().size() <= 30 && reference.sequences().size() >= 10,
                reference.sequences().toString());
        Path dir = tmp.resolve("bank");
        trained.bank().write(dir);
        TagBank read = TagBank.read(dir);
        assertEquals(trained.bank().contentSha256(), read.contentSha256());
        assertEquals(reference, read.referenceSequences("<Lysines>").orElseThrow());
    }

    @Test
    void thePredictorAddsTheIdentityToTheNearestTrainingSequence() throws Exception {
        PredictorSettings settings = PredictorSettings.defaults().withBatchSize(8).withMaxTokens(48);
        TableShape shape = PredictorNode.configure(trained.spec(), table.shape(), settings).orElseThrow();
        assertEquals(List.of("sequence", "lysines", "Prediction (Lysines)", "Lysines_low", "Lysines_high",
                "ad_percentile", "outside_domain", "ad_identity", settings.reasonColumn()), shape.names());
        InMemoryTable.Builder out = InMemoryTable.builder(shape);
        PredictorNode.execute(trained, table, settings, fixture.engine, new RecordingProgress(), out);
        SequenceIdentity reference = new SequenceIdentity(trained.bank().referenceSequences("<Lysines>")
                .orElseThrow().sequences());
        List<String> training = trained.bank().referenceSequences("<Lysines>").orElseThrow().sequences();
        int index = shape.index("ad_identity");
        for (Row r : out.build().rowList()) {
            String sequence = (String) r.cell(0);
            double identity = (Double) r.cell(index);
            assertEquals(reference.nearest(sequence), identity, 0, r.toString());
            if (training.contains(sequence)) {
                assertEquals(1.0, identity, 0, "a training sequence is its own nearest: " + r);
            } else {
                assertTrue(identity < 1, r.toString());
            }
        }
    }

    @Test
    void withoutCalibrationThereIsNoReferenceAndNoColumn() throws Exception {
        TagTrainerSettings plain = NodeFixture.carbons(2).withFunctionTag("<Lysines>")
                .withInputs(List.of(InputMapping.of("sequence", "<Protein>"))).withRegression(List.of("lysines"))
                .withSplit(null, 0.3, 0.2);
        TagModelPortContent proteins = DomainPretrainNode.execute(table, fixture.pretrain("sequence", "<Protein>", 1),
                fixture.engine, new RecordingProgress(), fixture.workDir).port();
        TagModelPortContent model = TagTrainerNode.execute(List.of(proteins), table, plain, fixture.engine,
                new RecordingProgress(), fixture.workDir).port();
        assertTrue(model.bank().referenceSequences("<Lysines>").isEmpty());
        assertFalse(PredictorNode.configure(model.spec(), table.shape(), PredictorSettings.defaults()).orElseThrow()
                .names().contains("ad_identity"));
    }
}
