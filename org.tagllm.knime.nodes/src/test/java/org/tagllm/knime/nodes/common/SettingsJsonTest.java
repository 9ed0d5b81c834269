package org.tagllm.knime.nodes.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.data.BadRowPolicy;
import org.tagllm.knime.engine.method.LabelledTask;
import org.tagllm.knime.nodes.compose.ComposerSettings;
import org.tagllm.knime.nodes.predict.PredictorSettings;
import org.tagllm.knime.nodes.pretrain.DomainPretrainSettings;
import org.tagllm.knime.nodes.train.InputMapping;
import org.tagllm.knime.nodes.train.TagTrainerSettings;

class SettingsJsonTest {

    @Test
    void everyNodesSettingsRoundTrip() throws Exception {
        DomainPretrainSettings pretrain = DomainPretrainSettings.defaults().withBaseModelFolder("/m")
                .withColumn("smiles").withKind(InputKind.PROTEIN).withBadRows(BadRowPolicy.FAIL);
        assertEquals(pretrain, SettingsJson.read(SettingsJson.write(pretrain), DomainPretrainSettings.class));
        TagTrainerSettings trainer = TagTrainerSettings.defaults().withFunctionTag("<QED>")
                .withInputs(List.of(new InputMapping("s", "<SMILES>", InputKind.SMILES, TokenizationChoice.MODEL),
                        InputMapping.of("name", null)))
                .withLabelled(LabelledTask.Type.CLASSIFICATION, "label").withSplit("part", 0.2, 0);
        assertEquals(trainer, SettingsJson.read(SettingsJson.write(trainer), TagTrainerSettings.class));
        PredictorSettings predictor = PredictorSettings.defaults().withFunctionTag("<QED>").withDevice("cuda:0");
        assertEquals(predictor, SettingsJson.read(SettingsJson.write(predictor), PredictorSettings.class));
        ComposerSettings composer = new ComposerSettings(2, null);
        assertEquals(composer, SettingsJson.read(SettingsJson.write(composer), ComposerSettings.class));
    }

    @Test
    void aMisspeltKeyIsRefused() {
        assertThrows(IOException.class, () -> SettingsJson.read("{\"functionPort\":1,\"functionTg\":\"<A>\"}",
                ComposerSettings.class));
    }
}
