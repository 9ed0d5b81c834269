package org.tagllm.knime.nodes.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.nodes.NodeFixture;
import org.tagllm.knime.nodes.RecordingProgress;
import org.tagllm.knime.nodes.common.InputKind;
import org.tagllm.knime.nodes.common.ModelOutput;
import org.tagllm.knime.nodes.common.TokenizationChoice;
import org.tagllm.knime.nodes.port.TagModelPortContent;
import org.tagllm.knime.nodes.predict.PredictionSummary;
import org.tagllm.knime.nodes.predict.PredictorNode;
import org.tagllm.knime.nodes.predict.PredictorSettings;
import org.tagllm.knime.nodes.pretrain.DomainPretrainNode;
import org.tagllm.knime.nodes.table.CellType;
import org.tagllm.knime.nodes.table.ColumnSpec;
import org.tagllm.knime.nodes.table.InMemoryTable;
import org.tagllm.knime.nodes.table.Row;
import org.tagllm.knime.nodes.table.TableShape;

/**
 * Proteins with an unresolved residue (X, as Davis's TESK1): kind PROTEIN refuses them with a hint, kind
 * PROTEIN_IUPAC trains on them, and the tag model remembers the kind, so its predictor accepts them too.
 */
class ProteinAmbiguityTest {

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

    /** {@code n} sequences, every third with an X, and their count of K. */
    static InMemoryTable lysines(int n, long seed) {
        InMemoryTable.Builder b = InMemoryTable.builder(TableShape.of(ColumnSpec.of("sequence", CellType.STRING),
                ColumnSpec.of("lysines", CellType.DOUBLE)));
        Random r = new Random(seed);
        for (int i = 0; i < n; i++) {
            StringBuilder s = new StringBuilder();
            for (int j = 0, k = 8 + r.nextInt(13); j < k; j++) {
                s.append(NodeFixture.RESIDUES.charAt(r.nextInt(NodeFixture.RESIDUES.length())));
            }
            if (i % 3 == 0) {
                s.setCharAt(s.length() / 2, 'X');
            }
            b.add(Row.of("Row" + i, s.toString(), (double) s.chars().filter(c -> c == 'K').count()));
        }
        return b.build();
    }

    private static TagModelPortContent train(InputKind kind, RecordingProgress progress) throws Exception {
        ModelOutput stage1 = DomainPretrainNode.execute(lysines(30, 1), fixture.pretrain("sequence", "<Protein>", 2)
                .withKind(kind), fixture.engine, new RecordingProgress(), fixture.workDir);
        TagTrainerSettings settings = NodeFixture.carbons(3).withFunctionTag("<Lysines>")
                .withInputs(List.of(new InputMapping("sequence", "<Protein>", kind, TokenizationChoice.AUTO)))
                .withRegression(List.of("lysines"));
        return TagTrainerNode.execute(List.of(stage1.port()), lysines(36, 2), settings, fixture.engine, progress,
                fixture.workDir).port();
    }

    private static InMemoryTable predict(TagModelPortContent model, InMemoryTable table, PredictionSummary[] summary)
            throws Exception {
        PredictorSettings settings = PredictorSettings.defaults().withBatchSize(8).withMaxTokens(48);
        InMemoryTable.Builder out = InMemoryTable.builder(PredictorNode.configure(model.spec(), table.shape(),
                settings).orElseThrow());
        summary[0] = PredictorNode.execute(model, table, settings, fixture.engine, new RecordingProgress(), out);
        return out.build();
    }

    @Test
    void iupacKindTrainsOnAmbiguousResiduesAndItsTagModelPredictsThem() throws Exception {
        RecordingProgress progress = new RecordingProgress();
        TagModelPortContent model = train(InputKind.PROTEIN_IUPAC, progress);
        assertTrue(progress.warnings.isEmpty(), "no row skipped: " + progress.warnings);
        assertEquals("protein_iupac", model.spec().tasks().get(0).fields().get(0).kind());

        PredictionSummary[] summary = new PredictionSummary[1];
        InMemoryTable out = predict(model, lysines(9, 3), summary);
        assertEquals(new PredictionSummary(9, 9, 0), summary[0]);
        for (Row r : out.rowList()) {
            assertNotNull(r.cell(2), r.toString());
            assertNull(r.cell(3), r.toString());
        }
    }

    @Test
    void theStandardKindSkipsThemInTrainingAndGivesAReasonWithTheHintInPrediction() throws Exception {
        RecordingProgress progress = new RecordingProgress();
        TagModelPortContent model = train(InputKind.PROTEIN, progress);
        // 12 of 36 training rows hold an X.
        assertTrue(progress.warnings.stream().anyMatch(w -> w.startsWith("12 of 36 rows")), progress.warnings
                .toString());

        PredictionSummary[] summary = new PredictionSummary[1];
        InMemoryTable out = predict(model, lysines(9, 3), summary);
        assertEquals(new PredictionSummary(9, 6, 3), summary[0]);
        for (int i = 0; i < out.size(); i++) {
            String reason = (String) out.row(i).cell(3);
            assertEquals(i % 3 == 0, reason != null, out.row(i).toString());
            if (reason != null) {
                assertTrue(reason.contains("'X' at position") && reason.contains("protein_iupac"), reason);
            }
        }
    }
}
