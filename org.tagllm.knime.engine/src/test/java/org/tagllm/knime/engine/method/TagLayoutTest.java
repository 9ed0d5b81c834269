package org.tagllm.knime.engine.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tagllm.knime.engine.BaseWeightBits;
import org.tagllm.knime.engine.OnTheDemoModel;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.data.BadRowPolicy;
import org.tagllm.knime.engine.data.ColumnKind;
import org.tagllm.knime.engine.model.ForwardOptions;
import org.tagllm.knime.engine.runtime.DjlRuntime;
import org.tagllm.knime.engine.runtime.OwnedArrays;
import org.tagllm.knime.engine.tags.SequenceEncoder;
import org.tagllm.knime.engine.tags.TagBatch;
import org.tagllm.knime.engine.tags.TagKind;
import org.tagllm.knime.engine.tags.TagModel;
import org.tagllm.knime.engine.tags.TagSpec;
import org.tagllm.knime.engine.tags.TagTable;
import org.tagllm.knime.engine.tags.TaggedSequence;
import org.tagllm.knime.engine.tags.TaskTemplate;
import org.tagllm.knime.engine.tags.Tokenization;
import org.tagllm.knime.engine.train.ProgressListener;
import org.tagllm.knime.engine.train.TrainingSettings;

/**
 * The baselines and ablations of {@link TagLayout}: what each puts into the input, what it trains (counted), where a
 * head reads, and that each trains on the demo model through the same code with the base model untouched.
 */
class TagLayoutTest extends OnTheDemoModel {

    private static final int P = 3;

    static TagBank smilesBank;
    static Path regression;
    static Path classes;

    @BeforeAll
    static void setUp() throws Exception {
        Path corpus = Files.writeString(tmp.resolve("smiles.txt"), DemoTables.smilesLines(40, 1));
        smilesBank = DomainPretraining.run(model, List.of(new DomainCorpus("<SMILES>", corpus, null,
                ColumnKind.SMILES, Tokenization.CHARACTER)), new DomainPretraining.Settings(P, 48, 0, 0.2, 8,
                BadRowPolicy.SKIP, TrainingSettings.builder().setBatchSize(8).optEpochs(1).optLearningRate(3e-2)
                        .optSeed(7).build()), ProgressListener.NONE, () -> false, null).bank();
        regression = Files.writeString(tmp.resolve("carbons.csv"), DemoTables.regressionTable(120, 3));
        classes = Files.writeString(tmp.resolve("size.csv"), DemoTables.classTable(120, 5));
    }

    private static LabelledTask carbons() {
        return new LabelledTask("<Carbons>", LabelledTask.Type.REGRESSION,
                List.of(new LabelledTask.Input("smiles", ColumnKind.SMILES, "<SMILES>")), List.of("carbons"), null,
                false);
    }

    private static LabelledTask size() {
        return new LabelledTask("<Size>", LabelledTask.Type.CLASSIFICATION,
                List.of(new LabelledTask.Input("smiles", ColumnKind.SMILES, "<SMILES>")), List.of(), "size", false);
    }

    private static FunctionTraining.Settings settings(TagLayout layout) {
        return FunctionTraining.Settings.builder().optVectors(P).optMaxTokens(96).optValidFraction(0.15)
                .optTestFraction(0.15).setTraining(TrainingSettings.builder().setBatchSize(8).optEpochs(3)
                        .optLearningRate(1e-2).optSeed(7).build())
                .optLayout(layout).build();
    }

    @ParameterizedTest
    @EnumSource(TagLayout.class)
    void everyLayoutTrainsARegressionThroughTheSameCodeAndCountsWhatItTrains(TagLayout layout) throws Exception {
        FunctionTraining.Result r = FunctionTraining.run(model, smilesBank, carbons(), DataSource.of(regression),
                settings(layout), ProgressListener.NONE, () -> false, null);
        int d = model.config().hiddenSize();
        // Tags p x d each; the regression head is one weight column (no bias, as the official head).
        long expected = switch (layout) {
            case TAG_LLM, NO_DOMAIN_TAGS -> (long) P * d + d;
            case NO_FUNCTION_TAG, LINEAR_PROBE -> d;
            case NO_HEAD -> (long) P * d;
            case PROMPT_TUNING -> 2L * P * d + d; // as many vectors as <SMILES> and <Carbons> together
        };
        assertEquals(expected, r.trainableParameters(), layout.id());
        assertEquals(layout == TagLayout.TAG_LLM, r.bank() != null, "only the full method yields a bank");
        List<Double> losses = r.training().epochLosses();
        assertTrue(losses.get(losses.size() - 1) < losses.get(0), layout.id() + ": training loss did not fall "
                + losses);
        assertEquals(r.sizes().get(org.tagllm.knime.engine.split.Partition.TEST), r.testPredictions().size());
        // (A random model rarely writes a number, so the written answers may all fall back to one constant.)
        List<String> keys = layout == TagLayout.NO_HEAD ? List.of("mse", "mae")
                : List.of("mse", "mae", "pearson", "spearman");
        for (String key : keys) {
            assertTrue(Double.isFinite(r.testMetrics().get(key)), layout.id() + " " + key + " " + r.testMetrics());
        }
        if (layout == TagLayout.NO_HEAD) {
            double unparsed = r.testMetrics().get("unparsed_fraction");
            assertTrue(unparsed >= 0 && unparsed <= 1, "unparsed fraction " + unparsed);
        }
        BaseWeightBits.assertIdentical(baseBits, BaseWeightBits.of(model.decoder().weights()));
    }

    @Test
    void sameSplitForEveryLayoutAndEveryTrainingSeedWhenTheDataSeedIsFixed() throws Exception {
        FunctionTraining.Settings a = settings(TagLayout.LINEAR_PROBE).withDataSeed(11);
        FunctionTraining.Settings b = settings(TagLayout.NO_DOMAIN_TAGS).withDataSeed(11)
                .withTraining(TrainingSettings.builder().setBatchSize(8).optEpochs(1).optSeed(99).build());
        long[] rowsA = FunctionTraining.run(model, smilesBank, carbons(), DataSource.of(regression), a,
                ProgressListener.NONE, () -> false, null).testPredictions().rows();
        long[] rowsB = FunctionTraining.run(model, null, carbons(), DataSource.of(regression), b,
                ProgressListener.NONE, () -> false, null).testPredictions().rows();
        assertTrue(java.util.Arrays.equals(rowsA, rowsB), "test rows differ between layouts with one data seed");
        // Baselines without the model read the very same rows.
        long[] rowsC = FunctionTraining.parts(carbons(), DataSource.of(regression), a)
                .get(org.tagllm.knime.engine.split.Partition.TEST).stream().mapToLong(e -> e.row()).toArray();
        assertTrue(java.util.Arrays.equals(rowsA, rowsC), "parts() differs from the rows a run tests on");
    }

    @Test
    void withoutHeadAClassifierScoresEachLabelByTheLanguageModel() throws Exception {
        FunctionTraining.Result r = FunctionTraining.run(model, smilesBank, size(), DataSource.of(classes),
                settings(TagLayout.NO_HEAD), ProgressListener.NONE, () -> false, null);
        for (double[] p : r.testPredictions().predicted()) {
            assertEquals(2, p.length);
            assertEquals(1.0, p[0] + p[1], 1e-9, "probabilities over the two labels sum to one");
        }
        assertTrue(r.testMetrics().containsKey("accuracy"), r.testMetrics().toString());
    }

    @Test
    void layoutsPutExactlyTheirPartsIntoTheInput() {
        try (TagTable table = TagTable.create(model.decoder())) {
            table.add(new TagSpec("<SMILES>", TagKind.DOMAIN, P), false);
            table.add(new TagSpec("<Carbons>", TagKind.FUNCTION, P), true);
            table.add(new TagSpec(TagLayout.SOFT_PROMPT, TagKind.DOMAIN, 2 * P), true);
            SequenceEncoder encoder = new SequenceEncoder(model.tokenizer(), table.specs());
            Map<String, String> row = Map.of("smiles", "CCO");
            int bos = model.tokenizer().bosId().isPresent() ? 1 : 0;

            TaggedSequence full = encoder.prompt(FunctionTraining.template(carbons(), TagLayout.TAG_LLM), row);
            assertEquals(bos + P + 3 + P, full.length());
            assertEquals(full.length() - 1, full.readout());

            TaggedSequence probe = encoder.prompt(FunctionTraining.template(carbons(), TagLayout.LINEAR_PROBE), row);
            assertEquals(bos + 3, probe.length(), "a linear probe reads the bare input");
            assertTrue(probe.tags().isEmpty());
            assertEquals(probe.length() - 1, probe.readout(), "read at the last token");

            TaggedSequence prompt = encoder.prompt(FunctionTraining.template(carbons(), TagLayout.PROMPT_TUNING), row);
            assertEquals(List.of(TagLayout.SOFT_PROMPT), List.copyOf(prompt.tags().keySet()));
            assertEquals(TagLayout.SOFT_PROMPT, prompt.tagAt(bos));
            assertEquals(bos + 2 * P + 3, prompt.length());
            assertNull(prompt.functionTag());

            TaggedSequence noDomain = encoder.prompt(FunctionTraining.template(carbons(), TagLayout.NO_DOMAIN_TAGS),
                    row);
            assertEquals(List.of("<Carbons>"), List.copyOf(noDomain.tags().keySet()));
            TaggedSequence noFunction = encoder.prompt(FunctionTraining.template(carbons(),
                    TagLayout.NO_FUNCTION_TAG), row);
            assertEquals(List.of("<SMILES>"), List.copyOf(noFunction.tags().keySet()));
            assertEquals(noFunction.length() - 1, noFunction.readout());
        }
    }

    @Test
    void aLinearProbeReadsTheDecodersHiddenStateOfTheLastToken() {
        // Reference: the decoder run directly on the token ids, no tag machinery.
        try (TagTable table = TagTable.create(model.decoder())) {
            SequenceEncoder encoder = new SequenceEncoder(model.tokenizer(), table.specs());
            TaskTemplate template = FunctionTraining.template(carbons(), TagLayout.LINEAR_PROBE);
            List<TaggedSequence> rows = List.of(encoder.prompt(template, Map.of("smiles", "CCOc1ccccc1")),
                    encoder.prompt(template, Map.of("smiles", "CN")));
            TagModel tagModel = new TagModel(model.decoder(), table);
            try (NDManager call = DjlRuntime.newManager()) {
                float[] readout = tagModel.readout(TagBatch.of(rows, TagBatch.Padding.RIGHT), call).toFloatArray();
                int d = model.config().hiddenSize();
                for (int b = 0; b < rows.size(); b++) {
                    TaggedSequence s = rows.get(b);
                    long[] ids = new long[s.length()];
                    for (int t = 0; t < ids.length; t++) {
                        ids[t] = s.tokenId(t);
                    }
                    NDArray x = model.decoder().embed(OwnedArrays.longs(call, ids, new Shape(1, ids.length)));
                    float[] hidden = model.decoder().forward(x, ForwardOptions.defaults().hiddenOnly()).hidden()
                            .toFloatArray();
                    for (int j = 0; j < d; j++) {
                        assertEquals(hidden[(ids.length - 1) * d + j], readout[b * d + j], 1e-5,
                                "row " + b + " unit " + j);
                    }
                }
            }
        }
    }

    @Test
    void answerLikelihoodsSumToTheLanguageModelLoss() {
        try (TagTable table = TagTable.create(model.decoder())) {
            table.add(new TagSpec("<Carbons>", TagKind.FUNCTION, P), true);
            SequenceEncoder encoder = new SequenceEncoder(model.tokenizer(), table.specs());
            TaskTemplate template = FunctionTraining.template(carbons(), TagLayout.NO_DOMAIN_TAGS);
            List<TaggedSequence> rows = new ArrayList<>();
            rows.add(encoder.withAnswer(template, Map.of("smiles", "CCO"), "3.00"));
            rows.add(encoder.prompt(template, Map.of("smiles", "CCCCN")).withTargets(encoder.tokens("12.50",
                    Tokenization.MODEL)));
            TagModel tagModel = new TagModel(model.decoder(), table);
            TagBatch batch = TagBatch.of(rows, TagBatch.Padding.RIGHT);
            double[] each = tagModel.targetLogLikelihoods(batch);
            try (NDManager call = DjlRuntime.newManager()) {
                double mean = tagModel.languageModelLoss(batch, call).getFloat();
                assertEquals(-mean * batch.lmTargetCount(), each[0] + each[1], 1e-4);
            }
            // Alone, each example scores the same as in the padded batch.
            for (int b = 0; b < 2; b++) {
                double alone = tagModel.targetLogLikelihoods(TagBatch.of(List.of(rows.get(b)),
                        TagBatch.Padding.RIGHT))[0];
                assertEquals(alone, each[b], 1e-4, "example " + b);
                assertTrue(alone < 0);
            }
        }
    }

    @Test
    void plainTextMayStandUntaggedBesideATaggedFieldAndRoundTripsThroughTheBank() throws Exception {
        // y = carbons + 5 for group "beta": the untagged text carries part of the answer.
        java.util.Random r = new java.util.Random(9);
        StringBuilder table = new StringBuilder("smiles,group,y\n");
        for (String line : DemoTables.regressionTable(80, 4).split("\n")) {
            if (line.startsWith("smiles")) {
                continue;
            }
            String[] f = line.split(",");
            boolean beta = r.nextBoolean();
            table.append(f[0]).append(',').append(beta ? "beta" : "alpha").append(',')
                    .append(Double.parseDouble(f[1]) + (beta ? 5 : 0)).append('\n');
        }
        Path data = Files.writeString(tmp.resolve("grouped.csv"), table.toString());
        LabelledTask task = new LabelledTask("<Y>", LabelledTask.Type.REGRESSION, List.of(
                new LabelledTask.Input("smiles", ColumnKind.SMILES, "<SMILES>"),
                new LabelledTask.Input("group", ColumnKind.TEXT, null)), List.of("y"), null, false);
        FunctionTraining.Result trained = FunctionTraining.run(model, smilesBank, task, DataSource.of(data),
                settings(TagLayout.TAG_LLM), ProgressListener.NONE, () -> false, null);
        Path dir = tmp.resolve("grouped.bank");
        trained.bank().write(dir);
        TagBank reread = TagBank.read(dir);
        assertEquals(trained.bank(), reread);
        assertNull(reread.task("<Y>").orElseThrow().fields().get(1).domainTag());
        assertEquals(java.util.Set.of("<SMILES>"), reread.task("<Y>").orElseThrow().domainTags());
        try (TagPredictor a = TagPredictor.open(model, trained.bank(), null);
                TagPredictor b = TagPredictor.open(model, reread, null)) {
            List<TagPredictor.Prediction> pa = a.predict(DataSource.of(data), 96, 16).predictions();
            List<TagPredictor.Prediction> pb = b.predict(DataSource.of(data), 96, 16).predictions();
            assertEquals(80, pb.size());
            for (int i = 0; i < pb.size(); i++) {
                assertTrue(java.util.Arrays.equals(pa.get(i).values(), pb.get(i).values()), "row " + i);
            }
        }
    }

    @Test
    void onlyPlainTextMayStandUntagged() {
        IllegalArgumentException smiles = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> new LabelledTask("<Y>", LabelledTask.Type.REGRESSION,
                        List.of(new LabelledTask.Input("smiles", ColumnKind.SMILES, null),
                                new LabelledTask.Input("protein", ColumnKind.PROTEIN, "<Protein>")),
                        List.of("y"), null, false));
        assertTrue(smiles.getMessage().contains("smiles=<SMILES>"), smiles.getMessage());
        IllegalArgumentException none = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> new LabelledTask("<Y>", LabelledTask.Type.REGRESSION,
                        List.of(new LabelledTask.Input("name", ColumnKind.TEXT, null)), List.of("y"), null, false));
        assertTrue(none.getMessage().contains("no input has a domain tag"), none.getMessage());
    }

    @Test
    void writtenAnswersAreReadForTheirFirstNumber() {
        assertEquals(0.73, TaskScorer.firstNumber("0.73"), 0);
        assertEquals(-150.0, TaskScorer.firstNumber(" -1.5e2 and 7"), 0);
        assertEquals(0.5, TaskScorer.firstNumber("x.5y"), 0);
        assertNull(TaskScorer.firstNumber("abc"));
        assertNull(TaskScorer.firstNumber(""));
        assertEquals("0.73", Answering.numberText(0.7251));
        assertEquals("-3.00", Answering.numberText(-3));
        assertFalse(Answering.numberText(1234.5).contains(","), "no grouping separators");
        assertNotNull(TagLayout.ofId("linear-probe"));
    }
}
