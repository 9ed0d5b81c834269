package org.tagllm.knime.engine.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.BaseWeightBits;
import org.tagllm.knime.engine.OnTheDemoModel;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.bank.TagBanks;
import org.tagllm.knime.engine.bank.TagEntry;
import org.tagllm.knime.engine.data.BadRowPolicy;
import org.tagllm.knime.engine.data.ColumnKind;
import org.tagllm.knime.engine.tags.Tokenization;
import org.tagllm.knime.engine.train.ProgressListener;
import org.tagllm.knime.engine.train.TrainingSettings;

/**
 * The three stages end to end on the demo model (tiny, random weights, a byte-level tokenizer): stage 1 on two
 * domains from separate runs, stage 2 on one, stage 3 across both, prediction from banks read back from disk. The
 * base model must come out of every stage bit-identical.
 */
class MethodStagesTest extends OnTheDemoModel {

    static TagBank smilesBank;
    static TagBank proteinBank;

    @BeforeAll
    static void stageOne() throws Exception {
        Path smiles = write("smiles.txt", DemoTables.smilesLines(60, 1));
        Path proteins = write("proteins.txt", DemoTables.proteinLines(60, 2));
        smilesBank = DomainPretraining.run(model, List.of(new DomainCorpus("<SMILES>", smiles, null, ColumnKind.SMILES,
                Tokenization.CHARACTER)), stage1Settings(), ProgressListener.NONE, () -> false, null).bank();
        proteinBank = DomainPretraining.run(model, List.of(new DomainCorpus("<Protein>", proteins, null,
                ColumnKind.PROTEIN, Tokenization.CHARACTER)), stage1Settings(), ProgressListener.NONE, () -> false,
                null).bank();
    }

    @Test
    void stageOneLowersHeldOutLossAndLeavesTheBaseUntouched() throws Exception {
        Path smiles = write("smiles-again.txt", DemoTables.smilesLines(60, 1));
        DomainPretraining.Result r = DomainPretraining.run(model, List.of(new DomainCorpus("<SMILES>", smiles, null,
                ColumnKind.SMILES, Tokenization.CHARACTER)), stage1Settings(), ProgressListener.NONE, () -> false,
                null);
        DomainPretraining.DomainOutcome o = r.domains().get(0);
        assertTrue(o.heldOutLossAfter() < o.heldOutLossBefore(), "held-out loss did not fall: " + o);
        BaseWeightBits.assertIdentical(baseBits, BaseWeightBits.of(model.decoder().weights()));
        assertArrayEquals(smilesBank.tag("<SMILES>").values(), r.bank().tag("<SMILES>").values(),
                "the same seed and data must give the same tag, bit for bit");
    }

    @Test
    void stageTwoTrainsAndPredictsBitIdenticallyFromTheBankOnDisk() throws Exception {
        Path data = write("logp.csv", DemoTables.regressionTable(160, 3));
        LabelledTask task = smilesTask("<Carbons>", LabelledTask.Type.REGRESSION, List.of("carbons"), null);
        FunctionTraining.Result r = stageTwo(task, data);
        assertEquals(2, r.stage());
        List<Double> losses = r.training().stepLosses();
        assertTrue(average(losses.subList(losses.size() - 5, losses.size())) < average(losses.subList(0, 5)),
                "training loss did not fall: " + losses);
        assertArrayEquals(smilesBank.tag("<SMILES>").values(), r.bank().tag("<SMILES>").values(),
                "stage 2 without enrichment must leave the domain tag as it was");
        BaseWeightBits.assertIdentical(baseBits, BaseWeightBits.of(model.decoder().weights()));

        Path bankDir = tmp.resolve("carbons-bank");
        r.bank().write(bankDir);
        TagBank reread = TagBank.read(bankDir);
        assertEquals(r.bank(), reread);
        List<TagPredictor.Prediction> fromMemory = predict(r.bank(), data);
        List<TagPredictor.Prediction> fromDisk = predict(reread, data);
        assertEquals(160, fromDisk.size());
        for (int i = 0; i < fromDisk.size(); i++) {
            assertArrayEquals(fromMemory.get(i).values(), fromDisk.get(i).values(), "row " + i);
        }
    }

    @Test
    void stageThreeCrossesTwoSeparatelyTrainedDomainsWithTheirTagsFrozen() throws Exception {
        Path data = write("pairs.csv", DemoTables.pairTable(120, 4));
        TagBank merged = TagBanks.merge(List.of(proteinBank, smilesBank));
        LabelledTask task = new LabelledTask("<Affinity>", LabelledTask.Type.REGRESSION, List.of(
                new LabelledTask.Input("sequence", ColumnKind.PROTEIN, "<Protein>"),
                new LabelledTask.Input("smiles", ColumnKind.SMILES, "<SMILES>")), List.of("affinity"), null, false);
        FunctionTraining.Result r = FunctionTraining.run(model, merged, task, DataSource.of(data), stage2Settings(),
                ProgressListener.NONE, () -> false, null);
        assertEquals(3, r.stage());
        assertArrayEquals(proteinBank.tag("<Protein>").values(), r.bank().tag("<Protein>").values());
        assertArrayEquals(smilesBank.tag("<SMILES>").values(), r.bank().tag("<SMILES>").values());
        assertEquals(List.of("<Affinity>"), r.bank().tagNames(TagEntry.Kind.FUNCTION));
        // The bank records each field's checks, so a predictor never guesses them from the tag's name.
        Path dir = tmp.resolve("affinity-bank");
        r.bank().write(dir);
        assertEquals(List.of("protein", "smiles"), TagBank.read(dir).task("<Affinity>").orElseThrow().fields()
                .stream().map(org.tagllm.knime.engine.bank.FieldEntry::kind).toList());
        BaseWeightBits.assertIdentical(baseBits, BaseWeightBits.of(model.decoder().weights()));
    }

    @Test
    void classificationGivesCalibratedProbabilities() throws Exception {
        Path data = write("classes.csv", DemoTables.classTable(160, 8));
        LabelledTask task = smilesTask("<Size>", LabelledTask.Type.CLASSIFICATION, null, "size");
        FunctionTraining.Result r = stageTwo(task, data);
        assertTrue(r.testMetrics().containsKey("auroc"), r.testMetrics().toString());
        var head = r.bank().head("<Size>").orElseThrow().entry();
        assertEquals(List.of("few", "many"), head.classLabels());
        assertTrue(head.temperature() > 0, "temperature " + head.temperature());
        for (TagPredictor.Prediction p : predict(r.bank(), data)) {
            assertEquals(1.0, p.values()[0] + p.values()[1], 1e-9, "row " + p.row());
        }
        BaseWeightBits.assertIdentical(baseBits, BaseWeightBits.of(model.decoder().weights()));
    }

    @Test
    void generationLearnsThroughTheFrozenLmHeadAndAnswersInText() throws Exception {
        Path data = write("answers.csv", DemoTables.answerTable(80, 9));
        LabelledTask task = smilesTask("<Count>", LabelledTask.Type.GENERATION, null, "answer");
        FunctionTraining.Result r = stageTwo(task, data);
        List<Double> losses = r.training().stepLosses();
        assertTrue(average(losses.subList(losses.size() - 5, losses.size())) < average(losses.subList(0, 5)),
                "answer loss did not fall: " + losses);
        assertTrue(r.testMetrics().containsKey("exact_match"), r.testMetrics().toString());
        assertEquals(org.tagllm.knime.engine.bank.HeadEntry.Type.GENERATION,
                r.bank().head("<Count>").orElseThrow().entry().type());
        // Greedy decoding of the untrained-size demo model rarely stops early: predict a few rows only.
        List<TagPredictor.Prediction> p = predict(r.bank(), write("few-answers.csv", DemoTables.answerTable(4, 10)));
        assertEquals(4, p.size());
        assertTrue(p.stream().allMatch(x -> x.text() != null && x.problem() == null), "every row gets a text");
        BaseWeightBits.assertIdentical(baseBits, BaseWeightBits.of(model.decoder().weights()));
    }

    @Test
    void badRowsGetAReasonAndNoPrediction() throws Exception {
        Path data = write("logp-bad.csv", "smiles,carbons\nCCO,2\nC1CC,3\nc1ccccc1,6\n");
        LabelledTask task = smilesTask("<Carbons2>", LabelledTask.Type.REGRESSION, List.of("carbons"), null);
        Path train = write("logp2.csv", DemoTables.regressionTable(60, 5));
        TagBank bank = stageTwo(task, train).bank();
        List<TagPredictor.Prediction> p = predict(bank, data);
        assertEquals(3, p.size());
        assertNull(p.get(1).values());
        assertTrue(p.get(1).problem().contains("SMILES"), p.get(1).problem());
        assertNull(p.get(0).problem());
    }

    @Test
    void aMissingDomainTagIsRefusedWithItsName() throws Exception {
        Path data = write("logp3.csv", DemoTables.regressionTable(20, 6));
        LabelledTask task = new LabelledTask("<X>", LabelledTask.Type.REGRESSION,
                List.of(new LabelledTask.Input("smiles", ColumnKind.SMILES, "<Molecule>")), List.of("carbons"), null,
                false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> stageTwo(task, data));
        assertTrue(e.getMessage().contains("<Molecule>") && e.getMessage().contains("<SMILES>"), e.getMessage());
    }

    private static List<TagPredictor.Prediction> predict(TagBank bank, Path data) throws Exception {
        try (TagPredictor p = TagPredictor.open(model, bank, null)) {
            return p.predict(DataSource.of(data), 128, 16).predictions();
        }
    }

    /** A task on the {@code smiles} column, read with the {@code <SMILES>} tag. */
    private static LabelledTask smilesTask(String functionTag, LabelledTask.Type type, List<String> targets,
            String label) {
        return new LabelledTask(functionTag, type,
                List.of(new LabelledTask.Input("smiles", ColumnKind.SMILES, "<SMILES>")), targets, label, false);
    }

    /** Stage 2 of {@code task} on the SMILES bank. */
    private static FunctionTraining.Result stageTwo(LabelledTask task, Path data) throws Exception {
        return FunctionTraining.run(model, smilesBank, task, DataSource.of(data), stage2Settings(),
                ProgressListener.NONE, () -> false, null);
    }

    private static DomainPretraining.Settings stage1Settings() {
        return new DomainPretraining.Settings(4, 48, 0, 0.2, 12, BadRowPolicy.SKIP,
                TrainingSettings.builder().setBatchSize(8).optEpochs(3).optLearningRate(3e-2).optSeed(7).build());
    }

    private static FunctionTraining.Settings stage2Settings() {
        return FunctionTraining.Settings.builder().optVectors(4).optMaxTokens(96).setTraining(
                TrainingSettings.builder().setBatchSize(8).optEpochs(4).optLearningRate(1e-2).optSeed(7).build()).build();
    }

    private static double average(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    private static Path write(String name, String text) throws Exception {
        return Files.writeString(tmp.resolve(name), text);
    }
}
