package org.tagllm.knime.engine.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.bank.HeadEntry;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.data.ColumnKind;
import org.tagllm.knime.engine.demo.DemoModel;
import org.tagllm.knime.engine.predict.PredictionColumns;
import org.tagllm.knime.engine.train.ProgressListener;
import org.tagllm.knime.engine.train.TrainingSettings;

/**
 * Issue 18 end to end on the demo model: a rare class trained with class weights or balanced batches; the bank
 * records the choice and the validation-chosen threshold, and the test figures use that threshold.
 */
class ImbalancedTrainingTest {

    @TempDir
    static Path tmp;

    static LocalModel model;
    static TagBank smilesBank;
    static Path data;

    @BeforeAll
    static void setUp() throws Exception {
        model = LocalModel.open(DemoModel.ensure(tmp.resolve("demo")));
        smilesBank = DemoSmilesBank.pretrain(model, tmp, 40, 1);
        // About one row in eight is "1": the longest molecules.
        Random r = new Random(11);
        StringBuilder b = new StringBuilder("smiles,active\n");
        for (int i = 0; i < 240; i++) {
            String s = DemoTables.smiles(r);
            b.append(s).append(',').append(s.length() > 13 ? "1" : "0").append('\n');
        }
        data = Files.writeString(tmp.resolve("rare.csv"), b.toString());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static FunctionTraining.Result train(ClassBalance balance, ThresholdCriterion criterion)
            throws Exception {
        LabelledTask task = new LabelledTask("<Active>", LabelledTask.Type.CLASSIFICATION,
                List.of(new LabelledTask.Input("smiles", ColumnKind.SMILES, "<SMILES>")), null, "active", false);
        FunctionTraining.Settings s = FunctionTraining.Settings.builder().optVectors(4).optMaxTokens(96)
                .optValidFraction(0.25).optTestFraction(0.25).optClassBalance(balance).optThreshold(criterion)
                .setTraining(TrainingSettings.builder().setBatchSize(8).optEpochs(2).optLearningRate(1e-2)
                        .optSeed(7).build()).build();
        return FunctionTraining.run(model, smilesBank, task, DataSource.of(data), s, ProgressListener.NONE,
                () -> false, null);
    }

    @Test
    void balancedWeightsAndAnMccThresholdAreRecordedAndDecideTheTestFigures() throws Exception {
        FunctionTraining.Result r = train(new ClassBalance(ClassBalance.Weighting.BALANCED, Map.of(), false),
                ThresholdCriterion.MCC);
        HeadEntry head = r.bank().head("<Active>").orElseThrow().entry();
        assertNotNull(head.decision(), "a two-class head with both classes in validation gets a threshold");
        assertEquals("1", head.decision().positiveClass());
        assertEquals("mcc", head.decision().criterion());
        assertEquals(r.validMetrics().get("mcc"), head.decision().validationScore(), 1e-12,
                "the validation MCC is the one the threshold reached");
        assertEquals("balanced", head.classBalance().weighting());
        assertEquals("shuffle", head.classBalance().sampling());
        double w0 = head.classBalance().classWeights().get(0);
        double w1 = head.classBalance().classWeights().get(1);
        assertTrue(w1 > 1 && w0 < 1, "the rare class weighs more: " + head.classBalance());
        assertEquals(-Math.log(w1), head.classBalance().logitShift().get(1), 1e-12);
        for (String k : List.of("mcc", "balanced_accuracy", "pr_auc", "ef_1pct", "ef_5pct", "f1", "auroc")) {
            assertTrue(r.testMetrics().containsKey(k), k + " in " + r.testMetrics());
        }
        // The test figures come from the stored threshold: recompute them from the bank's own predictions.
        TagBank bank = r.bank();
        double[][] p = r.testPredictions().predicted();
        int[] labels = java.util.Arrays.stream(r.testPredictions().truth()).mapToInt(t -> (int) t[0]).toArray();
        assertEquals(Metrics.classification(labels, p, ClassDecision.of(head)), r.testMetrics());
        assertEquals(bank.head("<Active>").orElseThrow().entry().decision().threshold(),
                ClassDecision.of(head).thresholdValue());
    }

    @Test
    void predictionsNameTheClassByTheBanksThresholdThroughTheOnePredictedClassColumn() throws Exception {
        FunctionTraining.Result r = train(new ClassBalance(ClassBalance.Weighting.BALANCED, Map.of(), false),
                ThresholdCriterion.F1);
        Path dir = tmp.resolve("active-bank");
        r.bank().write(dir);
        TagBank bank = TagBank.read(dir);
        double threshold = bank.head("<Active>").orElseThrow().entry().decision().threshold();
        int positives = 0;
        try (TagPredictor predictor = TagPredictor.open(model, bank, null);
                PredictionStream stream = predictor.stream(DataSource.of(data), PredictOptions.of(96, 16),
                        PredictionProgress.NONE, () -> false)) {
            assertEquals(ClassDecision.threshold(threshold).thresholdValue(),
                    predictor.classDecision().thresholdValue());
            PredictionColumns columns = PredictionColumns.builder(predictor, List.of()).build();
            int classColumn = columns.names().indexOf(PredictionColumns.PREDICTED_CLASS);
            long i = 0;
            for (TagPredictor.Prediction p; (p = stream.next()) != null; i++) {
                String expected = p.values()[1] >= threshold ? "1" : "0";
                assertEquals(expected, columns.cells(p, i).get(classColumn), "row " + p.row() + ": P(1) "
                        + p.values()[1] + ", threshold " + threshold);
                positives += expected.equals("1") ? 1 : 0;
            }
            assertEquals(240, i);
        }
        assertTrue(positives > 0, "the rare class is predicted for some rows");
    }

    @Test
    void balancedBatchesAreRecordedAndWithoutACriterionTheMostProbableClassDecides() throws Exception {
        FunctionTraining.Result r = train(new ClassBalance(ClassBalance.Weighting.NONE, Map.of(), true),
                ThresholdCriterion.NONE);
        HeadEntry head = r.bank().head("<Active>").orElseThrow().entry();
        assertNull(head.decision());
        assertEquals("none", head.classBalance().weighting());
        assertEquals("balanced", head.classBalance().sampling());
        assertEquals(List.of(1.0, 1.0), head.classBalance().classWeights());
        assertTrue(head.classBalance().logitShift().get(1) < 0, "rare rows were drawn more often: "
                + head.classBalance());
        double[][] p = r.testPredictions().predicted();
        int[] labels = java.util.Arrays.stream(r.testPredictions().truth()).mapToInt(t -> (int) t[0]).toArray();
        assertEquals(Metrics.classification(labels, p), r.testMetrics());
    }

    @Test
    void theDefaultRecordsNoClassBalance() throws Exception {
        FunctionTraining.Result r = train(ClassBalance.NONE, ThresholdCriterion.DEFAULT);
        HeadEntry head = r.bank().head("<Active>").orElseThrow().entry();
        assertNull(head.classBalance());
        assertEquals("mcc", head.decision().criterion());
    }
}
