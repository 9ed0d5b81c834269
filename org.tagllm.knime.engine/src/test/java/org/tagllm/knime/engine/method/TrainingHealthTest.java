package org.tagllm.knime.engine.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.data.BadRowPolicy;
import org.tagllm.knime.engine.data.ColumnKind;
import org.tagllm.knime.engine.demo.DemoModel;
import org.tagllm.knime.engine.tags.Tokenization;
import org.tagllm.knime.engine.train.ProgressListener;
import org.tagllm.knime.engine.train.TrainingResult;
import org.tagllm.knime.engine.train.TrainingSettings;

/**
 * A run that diverged or whose regression head collapsed to one value is flagged, not passed off as a result (issue
 * 12, item 5: {@code --lr 1e30} trained a degenerate bank silently). Nothing here depends on wall-clock time.
 */
class TrainingHealthTest {

    @TempDir
    Path tmp;

    private static final TaskPredictions SPREAD = new TaskPredictions(new long[] {0, 1, 2, 3},
            new double[][] {{1}, {2}, {3}, {4}}, new double[][] {{1.2}, {1.9}, {3.3}, {3.8}});

    @Test
    void aRunThatLearnsRaisesNothing() {
        assertEquals(List.of(), TrainingHealth.warnings(result(2.0, 1.5, 1.1, 0.9), SPREAD, 1e-3));
    }

    @Test
    void aLossThatBecameNotANumberIsReported() {
        List<String> w = TrainingHealth.warnings(result(2.0, 1.5, Double.NaN, Double.NaN), SPREAD, 1e-3);
        assertEquals(1, w.size(), w::toString);
        assertTrue(w.get(0).contains("diverged") && w.get(0).contains("NaN") && w.get(0).contains("step 3")
                && w.get(0).contains("0.001"), w.get(0));
    }

    @Test
    void aLossRisingFarAboveItsStartIsReported() {
        List<String> w = TrainingHealth.warnings(result(1.0, 3.0, 40.0, 80.0), SPREAD, 5.0);
        assertEquals(1, w.size(), w::toString);
        assertTrue(w.get(0).contains("diverged") && w.get(0).contains("rose") && w.get(0).contains("5.0"),
                w.get(0));
    }

    @Test
    void aHeadPredictingOneValueIsReported() {
        TaskPredictions flat = new TaskPredictions(new long[] {0, 1, 2, 3}, SPREAD.truth(),
                new double[][] {{2.5}, {2.5}, {2.5}, {2.5}});
        List<String> w = TrainingHealth.warnings(result(1.0, 1.0, 1.0, 1.0), flat, 1e30);
        assertEquals(1, w.size(), w::toString);
        assertTrue(w.get(0).contains("collapsed") && w.get(0).contains("same value") && w.get(0).contains("1.0E30"),
                w.get(0));
        // Targets that are all equal give no grounds to complain about equal predictions.
        TaskPredictions constant = new TaskPredictions(new long[] {0, 1}, new double[][] {{3}, {3}},
                new double[][] {{3}, {3}});
        assertEquals(List.of(), TrainingHealth.warnings(result(1.0, 0.5), constant, 1e-3));
    }

    /** The adversary's run on the demo model: a huge learning rate, stage 2, a regression head. */
    @Test
    void aHugeLearningRateOnTheDemoModelIsFlaggedAndASaneOneIsNot() throws Exception {
        try (LocalModel model = LocalModel.open(DemoModel.ensure(tmp.resolve("demo")))) {
            Path corpus = Files.writeString(tmp.resolve("smiles.txt"), DemoTables.smilesLines(24, 1));
            TagBank smiles = DomainPretraining.run(model, List.of(new DomainCorpus("<SMILES>", corpus, null,
                    ColumnKind.SMILES, Tokenization.CHARACTER)), new DomainPretraining.Settings(2, 64, 0, 0.2, 4,
                    BadRowPolicy.SKIP, TrainingSettings.builder().setBatchSize(8).optMaxSteps(2).optSeed(1)
                            .build()), ProgressListener.NONE, () -> false, null).bank();
            Path data = Files.writeString(tmp.resolve("carbons.csv"), DemoTables.regressionTable(60, 3));
            LabelledTask task = new LabelledTask("<Carbons>", LabelledTask.Type.REGRESSION,
                    List.of(new LabelledTask.Input("smiles", ColumnKind.SMILES, "<SMILES>")), List.of("carbons"),
                    null, false);
            FunctionTraining.Result huge = FunctionTraining.run(model, smiles, task, DataSource.of(data),
                    stage2(1e30), ProgressListener.NONE, () -> false, null);
            assertTrue(!huge.warnings().isEmpty(), "no warning for lr 1e30");
            assertTrue(huge.warnings().stream().anyMatch(w -> w.contains("1.0E30")), huge.warnings()::toString);
            FunctionTraining.Result sane = FunctionTraining.run(model, smiles, task, DataSource.of(data),
                    stage2(1e-2), ProgressListener.NONE, () -> false, null);
            assertEquals(List.of(), sane.warnings());
        }
    }

    private static FunctionTraining.Settings stage2(double lr) {
        return FunctionTraining.Settings.builder().optVectors(2).optMaxTokens(64).optValidFraction(0.2).setTraining(
                TrainingSettings.builder().setBatchSize(8).optEpochs(3).optLearningRate(lr).optSeed(7).build()).build();
    }

    private static TrainingResult result(double... stepLosses) {
        List<Double> losses = new ArrayList<>();
        for (double l : stepLosses) {
            losses.add(l);
        }
        return TrainingResult.builder().optSteps(losses.size()).optEpochs(1).optStepLosses(losses).build();
    }
}
