package org.tagllm.knime.engine.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.data.BadRowPolicy;
import org.tagllm.knime.engine.evaluate.ZeroShotExperiment;
import org.tagllm.knime.engine.split.SplitFractions;
import org.tagllm.knime.engine.split.SplitSpec;
import org.tagllm.knime.engine.tags.PromptInit;
import org.tagllm.knime.engine.train.TrainingSettings;

/** The builders of the method's settings: defaults said once, every component carried by {@code toBuilder}. */
class SettingsBuildersTest {

    private static final TrainingSettings TRAINING = TrainingSettings.builder().setBatchSize(4).optEpochs(2)
            .optSeed(9).build();

    @Test
    void functionTrainingDefaultsAreTheCommandLines() {
        FunctionTraining.Settings s = FunctionTraining.Settings.builder().setTraining(TRAINING).build();
        assertEquals(new FunctionTraining.Settings(10, 512, BadRowPolicy.SKIP, null, 0.1, 0.1, false, 0, 0, TRAINING,
                TagLayout.TAG_LLM, -1, null, PromptInit.VOCAB, Map.of(), ClassBalance.NONE, ThresholdCriterion.MCC),
                s);
        assertEquals(9, s.splitSeed());
    }

    @Test
    void functionTrainingNeedsItsTrainingSettings() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> FunctionTraining.Settings.builder().optVectors(3).build());
        assertTrue(e.getMessage().contains("setTraining"), e.getMessage());
    }

    @Test
    void functionTrainingToBuilderKeepsEveryComponent() {
        FunctionTraining.Settings s = new FunctionTraining.Settings(3, 64, BadRowPolicy.FAIL, null, 0.2, 0.05, true,
                100, 20, TRAINING, TagLayout.LINEAR_PROBE, 11,
                new SplitSpec.Scaffold("smiles", new SplitFractions(0.8, 0.1, 0.1), 4), PromptInit.RANDOM,
                Map.of("smiles", 32), new ClassBalance(ClassBalance.Weighting.GIVEN, Map.of("1", 5.0), true),
                ThresholdCriterion.YOUDEN);
        assertEquals(s, s.toBuilder().build());
        assertEquals(s, FunctionTraining.Settings.builder().setTraining(TRAINING).build().withLayout(
                TagLayout.LINEAR_PROBE).toBuilder().optVectors(3).optMaxTokens(64).optBadRows(BadRowPolicy.FAIL)
                .optValidFraction(0.2).optTestFraction(0.05).optEnrichDomainTags(true).optMaxTrainExamples(100)
                .optMaxEvalExamples(20).optDataSeed(11).optSplit(s.split()).optPromptInit(PromptInit.RANDOM)
                .optFieldMaxTokens(Map.of("smiles", 32)).optClassBalance(s.classBalance())
                .optThreshold(ThresholdCriterion.YOUDEN).build());
    }

    @Test
    void aGivenSplitBuiltIsTheSplitColumn() {
        FunctionTraining.Settings s = FunctionTraining.Settings.builder().setTraining(TRAINING)
                .optSplit(SplitSpec.Given.byColumn("part")).build();
        assertEquals("part", s.splitColumn());
        assertNull(s.split());
        assertThrows(IllegalArgumentException.class, () -> s.withSplit(new SplitSpec.Scaffold("smiles",
                new SplitFractions(0.8, 0.1, 0.1), 0)));
    }

    @Test
    void theZeroShotProtocolIsTheBuildersDefaults() {
        ZeroShotExperiment.Settings p = ZeroShotExperiment.Settings.protocol(List.of(0L, 1L));
        assertEquals(new ZeroShotExperiment.Settings(List.of(0L, 1L), 10, 2000, 128, 125, 1e-2, 96, 2000, 300, 1000,
                2, 3e-3, 256, 16), p);
        assertEquals(p, p.toBuilder().build());
        assertEquals(7, p.toBuilder().optEpochs(7).build().epochs());
        assertThrows(IllegalStateException.class, () -> ZeroShotExperiment.Settings.builder().build());
    }
}
