package org.tagllm.knime.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tagllm.knime.engine.config.ModelConfigJson;
import org.tagllm.knime.engine.safetensors.SafetensorsWriter;

/**
 * The whole loading path, as a user's folder takes it: each family's tiny random model is written to disk
 * (config.json through the HF key names, weights as safetensors), opened as a model folder, loaded and run; it must
 * match the naive reference on the weights that were written.
 */
class ModelFolderFamiliesTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(TestModels.class)
    void aModelWrittenToDiskMatchesTheReference(TestModels model) throws Exception {
        InMemoryWeights weights = InMemoryWeights.random(model.config, 21);
        Path dir = tmp.resolve(model.name());
        ModelConfigJson.write(model.config, dir.resolve(ModelDirectory.CONFIG_FILE_NAME));
        SafetensorsWriter writer = new SafetensorsWriter();
        for (String name : weights.names()) {
            FloatBuffer b = weights.readFloats(name);
            float[] data = new float[b.remaining()];
            b.get(data);
            writer.put(name, weights.info(name).shape(), data);
        }
        writer.write(dir.resolve(ModelDirectory.WEIGHTS_FILE_NAME));

        try (ModelDirectory folder = ModelDirectory.open(dir)) {
            assertEquals(model.config, folder.config(), "config.json must round-trip every switch");
            folder.checkWeights();
            try (LlamaDecoder decoder = LlamaDecoder.load(folder.config(), folder.weights());
                    NDManager m = Fixtures.callManager()) {
                long[] ids = {3, 9, 1, 4, 12, 7, 30, 2, 5, 11};
                DecoderOutput out = decoder.forward(decoder.embed(Fixtures.ids(m, ids)), ForwardOptions.defaults());
                ReferenceDecoder.Output ref = new ReferenceDecoder(model.config, weights).forward(ids);
                Compare.assertRowsClose(model + " hidden", out.hidden().toFloatArray(), 0, ref.hidden(), Compare.REL);
                Compare.assertRowsClose(model + " logits", out.logits().toFloatArray(), 0, ref.logits(), Compare.REL);
            }
        }
    }
}
