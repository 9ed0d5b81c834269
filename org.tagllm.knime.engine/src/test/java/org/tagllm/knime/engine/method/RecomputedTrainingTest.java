package org.tagllm.knime.engine.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.BaseWeightBits;
import org.tagllm.knime.engine.OnTheDemoModel;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.data.BadRowPolicy;
import org.tagllm.knime.engine.data.ColumnKind;
import org.tagllm.knime.engine.tags.Tokenization;
import org.tagllm.knime.engine.tensor.FloatTensor;
import org.tagllm.knime.engine.train.ProgressListener;
import org.tagllm.knime.engine.train.TrainingSettings;

/**
 * Training through the trainer with the decoder recomputing its blocks in backward gives the bank plain training gives:
 * stage 1 (language-model loss through every position) and stage 2 (the frozen-prefix readout), a few AdamW steps
 * each, with gradient accumulation over micro-batches. Every tensor of the banks (tags, head) agrees within 1e-5
 * (|x| + rms(x)) (the gradients agree to the bit on these models, see {@code RecomputeInBackwardTest}; AdamW's
 * division keeps any rounding difference small); the held-out loss falls.
 */
class RecomputedTrainingTest extends OnTheDemoModel {

    private static final double REL = 1e-5;

    @AfterEach
    void plainAgain() {
        model.decoder().recomputeInBackward(false);
    }

    @Test
    void stageOneGivesTheSameBankAndTheHeldOutLossFalls() throws Exception {
        Path smiles = Files.writeString(tmp.resolve("smiles-r.txt"), DemoTables.smilesLines(40, 1));
        long before = model.decoder().recomputedPasses();
        TagBank plain = stageOne(smiles, false).bank();
        assertEquals(before, model.decoder().recomputedPasses(), "plain training recomputed");
        DomainPretraining.Result recomputed = stageOne(smiles, true);
        assertEquals(before + 8, model.decoder().recomputedPasses(), "4 steps of 2 micro-batches recomputed");
        assertSameTensors(plain, recomputed.bank());
        DomainPretraining.DomainOutcome o = recomputed.domains().get(0);
        assertTrue(o.heldOutLossAfter() < o.heldOutLossBefore(), "held-out loss did not fall: " + o);
        BaseWeightBits.assertIdentical(baseBits, BaseWeightBits.of(model.decoder().weights()));
    }

    @Test
    void stageTwoGivesTheSameBank() throws Exception {
        Path smiles = Files.writeString(tmp.resolve("smiles-s.txt"), DemoTables.smilesLines(24, 1));
        TagBank domain = stageOne(smiles, false).bank();
        Path data = Files.writeString(tmp.resolve("carbons-r.csv"), DemoTables.regressionTable(48, 3));
        LabelledTask task = new LabelledTask("<Carbons>", LabelledTask.Type.REGRESSION,
                List.of(new LabelledTask.Input("smiles", ColumnKind.SMILES, "<SMILES>")), List.of("carbons"), null,
                false);
        TagBank[] banks = new TagBank[2];
        long[] passes = new long[3];
        for (int run = 0; run < 2; run++) {
            passes[run] = model.decoder().recomputedPasses();
            model.decoder().recomputeInBackward(run == 1);
            banks[run] = FunctionTraining.run(model, domain, task, DataSource.of(data), FunctionTraining.Settings
                    .builder().optVectors(3).optMaxTokens(64).setTraining(TrainingSettings.builder().setBatchSize(8)
                            .optMicroBatchSize(4).optMaxSteps(4).optLearningRate(1e-2).optSeed(7).build()).build(),
                    ProgressListener.NONE, () -> false, null).bank();
        }
        passes[2] = model.decoder().recomputedPasses();
        assertEquals(passes[0], passes[1], "plain training recomputed");
        assertEquals(8, passes[2] - passes[1], "4 steps of 2 micro-batches recomputed");
        assertSameTensors(banks[0], banks[1]);
    }

    private static DomainPretraining.Result stageOne(Path smiles, boolean recompute) throws Exception {
        model.decoder().recomputeInBackward(recompute);
        return DomainPretraining.run(model, List.of(new DomainCorpus("<SMILES>", smiles, null, ColumnKind.SMILES,
                Tokenization.CHARACTER)), new DomainPretraining.Settings(3, 40, 0, 0.2, 8, BadRowPolicy.SKIP,
                TrainingSettings.builder().setBatchSize(8).optMicroBatchSize(4).optMaxSteps(4).optLearningRate(3e-2)
                        .optSeed(7).build()), ProgressListener.NONE, () -> false, null);
    }

    private static void assertSameTensors(TagBank expected, TagBank actual) {
        Map<String, FloatTensor> e = expected.tensors();
        Map<String, FloatTensor> a = actual.tensors();
        assertEquals(e.keySet(), a.keySet());
        for (String name : e.keySet()) {
            float[] x = e.get(name).values();
            float[] y = a.get(name).values();
            double rms = 0;
            for (float v : x) {
                rms += (double) v * v;
            }
            rms = Math.sqrt(rms / x.length);
            for (int i = 0; i < x.length; i++) {
                if (Math.abs(x[i] - y[i]) > REL * (Math.abs(x[i]) + rms)) {
                    fail(name + "[" + i + "]: recomputed " + y[i] + ", plain " + x[i]);
                }
            }
        }
    }
}
