package org.tagllm.knime.nodes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.data.BadRowPolicy;
import org.tagllm.knime.engine.method.FunctionTraining;
import org.tagllm.knime.engine.method.LabelledTask;
import org.tagllm.knime.nodes.common.InputKind;
import org.tagllm.knime.nodes.common.TokenizationChoice;
import org.tagllm.knime.nodes.common.TrainingParameters;
import org.tagllm.knime.nodes.pretrain.DomainPretrainSettings;
import org.tagllm.knime.nodes.train.InputMapping;
import org.tagllm.knime.nodes.train.TagTrainerSettings;

/**
 * The node settings' defaults, now taken from the engine's constants through the builders, are the values the nodes
 * had before (and the command line's); {@code toBuilder} carries every component, so the {@code with…} methods do.
 */
class NodeSettingsDefaultsTest {

    @Test
    void trainingParametersDefaultsAreUnchanged() {
        assertEquals(new TrainingParameters(1, 0, 16, 0, 1e-3, 0.03, 0, 0, 0, true, "", 0),
                TrainingParameters.defaults());
    }

    @Test
    void tagTrainerDefaultsAreUnchangedAndReachTheEngineAsItsDefaults() {
        TagTrainerSettings d = TagTrainerSettings.defaults();
        assertEquals(new TagTrainerSettings(null, LabelledTask.Type.REGRESSION, List.of(), List.of(), null, null, 0.1,
                0.1, 10, 512, 0, 0, false, false, TrainingParameters.defaults(), "cpu", BadRowPolicy.SKIP, true, 0.9, 1,
                true), d);
        FunctionTraining.Settings engine = d.toEngine();
        assertEquals(FunctionTraining.Settings.builder().setTraining(engine.training()).build(), engine);
    }

    @Test
    void domainPretrainDefaultsAreUnchanged() {
        assertEquals(new DomainPretrainSettings("", null, "<SMILES>", InputKind.AUTO, TokenizationChoice.AUTO, 10, 128,
                0, 0.05, 256, TrainingParameters.defaults(), "cpu", BadRowPolicy.SKIP),
                DomainPretrainSettings.defaults());
    }

    @Test
    void toBuilderCarriesEveryComponent() {
        TrainingParameters t = new TrainingParameters(3, 40, 8, 2, 5e-3, 0.1, 0.01, 7, 2, false, "ckpt", 10);
        assertEquals(t, t.toBuilder().build());
        TagTrainerSettings s = new TagTrainerSettings("<QED>", LabelledTask.Type.CLASSIFICATION,
                List.of(new InputMapping("smiles", "<SMILES>", InputKind.AUTO, TokenizationChoice.AUTO)), List.of(),
                "label", "part", 0.2, 0.05, 3, 64, 100, 20, true, true, t, "cuda:0", BadRowPolicy.FAIL, false, 0.8, 3,
                false);
        assertEquals(s, s.toBuilder().build());
        DomainPretrainSettings p = new DomainPretrainSettings("/m", "smiles", "<S>", InputKind.AUTO,
                TokenizationChoice.AUTO, 4, 32, 50, 0.2, 8, t, "cpu", BadRowPolicy.FAIL);
        assertEquals(p, p.toBuilder().build());
    }
}
