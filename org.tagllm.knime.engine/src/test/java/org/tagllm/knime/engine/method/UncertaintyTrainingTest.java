package org.tagllm.knime.engine.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.bank.CalibrationEntry;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.data.ColumnKind;
import org.tagllm.knime.engine.data.Example;
import org.tagllm.knime.engine.demo.DemoModel;
import org.tagllm.knime.engine.predict.RowScorer;
import org.tagllm.knime.engine.split.Partition;
import org.tagllm.knime.engine.split.SplitSpec;
import org.tagllm.knime.engine.train.ProgressListener;
import org.tagllm.knime.engine.train.TrainingSettings;
import org.tagllm.knime.engine.uncertainty.ConformalQuantile;
import org.tagllm.knime.engine.uncertainty.RowUncertainty;

/** Ensembles and calibration on the demo model (tiny, random weights), real libtorch and CDK. */
class UncertaintyTrainingTest {

    @TempDir
    static Path tmp;

    static LocalModel model;
    static TagBank smilesBank;
    static Path data;
    static final LabelledTask TASK = new LabelledTask("<Carbons>", LabelledTask.Type.REGRESSION,
            List.of(new LabelledTask.Input("smiles", ColumnKind.SMILES, "<SMILES>")), List.of("carbons"), null, false);

    @BeforeAll
    static void stageOne() throws Exception {
        model = LocalModel.open(DemoModel.ensure(tmp.resolve("demo")));
        smilesBank = DemoSmilesBank.pretrain(model, tmp, 60, 2);
        data = Files.writeString(tmp.resolve("carbons.csv"), DemoTables.regressionTable(200, 3));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** The ensemble's value is the mean of what each member predicts alone, its sd their sample deviation. */
    @Test
    void ensembleMeanAndSdAreThoseOfTheMembers() throws Exception {
        FunctionTraining.Result r = UncertaintyTraining.run(model, smilesBank, TASK, DataSource.of(data), settings(),
                new UncertaintyTraining.Settings(2, false, Calibrating.Settings.DEFAULTS), ProgressListener.NONE,
                () -> false, null);
        TagBank bank = r.bank();
        assertEquals(List.of("<Carbons>", "<Carbons-m2>"), bank.ensemble("<Carbons>").orElseThrow().members());
        List<TagPredictor.Prediction> ensemble = predict(bank, null, true);
        List<TagPredictor.Prediction> first = predict(bank.withoutTag("<Carbons-m2>"), null, true);
        List<TagPredictor.Prediction> second = predict(bank, "<Carbons-m2>", true);
        boolean differ = false;
        for (int i = 0; i < ensemble.size(); i++) {
            double a = first.get(i).values()[0];
            double b = second.get(i).values()[0];
            differ |= a != b;
            assertEquals((a + b) / 2, ensemble.get(i).values()[0], 1e-12, "row " + i);
            assertEquals(Math.abs(a - b) / Math.sqrt(2), ensemble.get(i).uncertainty().sd(), 1e-12, "row " + i);
            assertNull(first.get(i).uncertainty(), "a single tag without calibration gives no uncertainty");
        }
        assertTrue(differ, "two seeds gave identical members");
        assertTrue(r.testMetrics().containsKey("rmse") && r.testMetrics().containsKey("uq.sd_auroc"),
                r.testMetrics().toString());
        // Written and read back, the ensemble predicts the same.
        bank.write(tmp.resolve("ensemble-bank"));
        List<TagPredictor.Prediction> reread = predict(TagBank.read(tmp.resolve("ensemble-bank")), null, true);
        for (int i = 0; i < ensemble.size(); i++) {
            assertArrayEquals(ensemble.get(i).values(), reread.get(i).values());
        }
    }

    /**
     * A calibrated bank predicts the values the plain bank did, bit for bit, and adds the interval and the domain;
     * the plain bank's rows carry nothing new. The calibration survives the disk bit-exact.
     */
    @Test
    void calibrationAddsTrustAndChangesNoValue() throws Exception {
        FunctionTraining.Settings s = settings();
        FunctionTraining.Result plain = FunctionTraining.run(model, smilesBank, TASK, DataSource.of(data), s,
                ProgressListener.NONE, () -> false, null);
        Map<Partition, List<Example>> parts = FunctionTraining.parts(TASK, DataSource.of(data), s);
        TagBank calibrated = Calibrating.calibrate(model, plain.bank(), "<Carbons>", parts.get(Partition.TRAIN),
                parts.get(Partition.VALID), new Calibrating.Settings(0.9, 5), 16);
        CalibrationEntry entry = calibrated.calibration("<Carbons>").orElseThrow().entry();
        assertEquals("smiles", entry.fingerprintField());
        assertEquals(parts.get(Partition.VALID).size(), entry.calibrationRows());

        List<TagPredictor.Prediction> before = predict(plain.bank(), null, true);
        List<TagPredictor.Prediction> after = predict(calibrated, null, true);
        List<TagPredictor.Prediction> off = predict(calibrated, null, false);
        for (int i = 0; i < before.size(); i++) {
            assertArrayEquals(before.get(i).values(), after.get(i).values(), "row " + i);
            assertArrayEquals(before.get(i).values(), off.get(i).values(), "row " + i);
            assertNull(before.get(i).uncertainty());
            assertNull(off.get(i).uncertainty());
            RowUncertainty u = after.get(i).uncertainty();
            double v = after.get(i).values()[0];
            assertEquals(v - entry.intervalQuantile(), u.low(), 1e-12);
            assertEquals(v + entry.intervalQuantile(), u.high(), 1e-12);
            assertTrue(u.percentile() >= 0 && u.percentile() <= 100, "percentile " + u.percentile());
            assertTrue(u.similarity() >= 0 && u.similarity() <= 1, "similarity " + u.similarity());
            assertEquals(u.percentile() > entry.flagPercentile(), u.outside());
        }
        // A training row is its own nearest molecule: similarity 1.
        String trainSmiles = parts.get(Partition.TRAIN).get(0).inputs().get("smiles");
        Path one = Files.writeString(tmp.resolve("one.csv"), "smiles\n" + trainSmiles + "\n");
        try (TagPredictor p = TagPredictor.open(model, calibrated, null)) {
            assertEquals(1.0, p.predict(DataSource.of(one), TagPredictor.BANK_LIMIT, 4).predictions().get(0)
                    .uncertainty().similarity());
            assertTrue(p.uncertaintyColumns().interval() && p.uncertaintyColumns().domain()
                    && p.uncertaintyColumns().similarity() && !p.uncertaintyColumns().sd());
        }
        // Every writer's layout (CLI files, Spark rows through RowScorer) carries the columns, after the prediction.
        try (TagPredictor p = TagPredictor.open(model, calibrated, null)) {
            RowScorer scorer = new RowScorer(p, List.of("smiles"), PredictOptions.of(TagPredictor.BANK_LIMIT, 4));
            assertEquals(List.of("row", "smiles", "Carbons", "Carbons_low", "Carbons_high", "ad_similarity",
                    "ad_percentile", "outside_domain", "problem", "truncated"), scorer.layout().names());
            List<Object> cells = scorer.score("rows", List.of(trainSmiles).iterator(), List::of).next();
            double value = (Double) cells.get(2);
            assertEquals(value - entry.intervalQuantile(), (Double) cells.get(3), 1e-12);
            assertEquals(1.0, cells.get(5), "a training molecule is its own nearest neighbour");
        }
        calibrated.write(tmp.resolve("calibrated-bank"));
        TagBank reread = TagBank.read(tmp.resolve("calibrated-bank"));
        assertEquals(calibrated, reread);
        assertEquals(entry, reread.calibration("<Carbons>").orElseThrow().entry());
        assertNotEquals(plain.bank(), calibrated);
        assertFalse(Files.readString(tmp.resolve("calibrated-bank").resolve("bank.json")).isEmpty());
    }

    /**
     * Cross-conformal: three members on three folds of the non-test rows; the stored quantile is the conformal
     * quantile of the pooled out-of-fold residuals, recomputed here from each member alone on the fold it never saw.
     */
    @Test
    void crossConformalPoolsEachMembersOutOfFoldResiduals() throws Exception {
        FunctionTraining.Settings s = settings();
        FunctionTraining.Result r = UncertaintyTraining.run(model, smilesBank, TASK, DataSource.of(data), s,
                new UncertaintyTraining.Settings(3, true, Calibrating.Settings.DEFAULTS, true), ProgressListener.NONE,
                () -> false, null);
        TagBank bank = r.bank();
        List<String> members = bank.ensemble("<Carbons>").orElseThrow().members();
        assertEquals(List.of("<Carbons>", "<Carbons-m2>", "<Carbons-m3>"), members);
        CalibrationEntry entry = bank.calibration("<Carbons>").orElseThrow().entry();
        assertEquals(3, entry.conformalFolds());
        assertFalse(entry.intervalNormalised());

        FunctionTraining.Settings fixed = s.withDataSeed(s.splitSeed());
        SplitSpec base = FunctionTraining.splitSpec(fixed);
        List<Double> residuals = new java.util.ArrayList<>();
        for (int k = 0; k < 3; k++) {
            List<Example> fold = FunctionTraining.parts(TASK, DataSource.of(data),
                    fixed.withSplit(new SplitSpec.Fold(base, 3, k))).get(Partition.VALID);
            TagBank alone = bank;
            for (String m : members) {
                alone = m.equals(members.get(k)) ? alone : alone.withoutTag(m);
            }
            try (TagPredictor p = TagPredictor.open(model, alone, members.get(k), false)) {
                double[][] values = p.scoreExamples(fold, 16).values();
                for (int i = 0; i < fold.size(); i++) {
                    residuals.add(Math.abs(fold.get(i).numericTarget()[0] - values[i][0]));
                }
            }
        }
        Map<Partition, List<Example>> parts = FunctionTraining.parts(TASK, DataSource.of(data), fixed);
        assertEquals(parts.get(Partition.TRAIN).size() + parts.get(Partition.VALID).size(), residuals.size(),
                "every non-test row of a random split is held out once");
        assertEquals(residuals.size(), entry.calibrationRows());
        double q = ConformalQuantile.of(residuals.stream().mapToDouble(Double::doubleValue).toArray(), 0.9);
        assertEquals(q, entry.intervalQuantile(), 1e-9);
        assertTrue(r.testMetrics().containsKey("uq.coverage"), r.testMetrics().toString());
    }

    /** Classification: conformal sets of the head's labels, and test figures of their coverage. */
    @Test
    void classificationGivesPredictionSets() throws Exception {
        Path classes = Files.writeString(tmp.resolve("classes.csv"), DemoTables.classTable(200, 8));
        LabelledTask task = new LabelledTask("<Size>", LabelledTask.Type.CLASSIFICATION,
                List.of(new LabelledTask.Input("smiles", ColumnKind.SMILES, "<SMILES>")), null, "size", false);
        FunctionTraining.Result r = UncertaintyTraining.run(model, smilesBank, task, DataSource.of(classes),
                settings(), new UncertaintyTraining.Settings(1, true, Calibrating.Settings.DEFAULTS),
                ProgressListener.NONE, () -> false, null);
        assertTrue(r.testMetrics().containsKey("uq.set_coverage"), r.testMetrics().toString());
        // Class-conditional sets by default, with each class's coverage and the marginal sets' beside them.
        assertEquals(2, r.bank().calibration("<Size>").orElseThrow().entry().setClassQuantiles().size());
        for (String key : List.of("uq.set_coverage_class_few", "uq.set_coverage_class_many",
                "uq.marginal_set_coverage", "uq.marginal_set_size")) {
            assertTrue(r.testMetrics().containsKey(key), key + " in " + r.testMetrics());
        }
        try (TagPredictor p = TagPredictor.open(model, r.bank(), null)) {
            assertTrue(p.uncertaintyColumns().set());
            for (TagPredictor.Prediction x : p.predict(DataSource.of(classes), TagPredictor.BANK_LIMIT, 16)
                    .predictions()) {
                assertTrue(List.of("few", "many").containsAll(x.uncertainty().set()), x.uncertainty().toString());
            }
        }
    }

    private static List<TagPredictor.Prediction> predict(TagBank bank, String tag, boolean calibrated)
            throws Exception {
        try (TagPredictor p = TagPredictor.open(model, bank, tag, calibrated)) {
            return p.predict(DataSource.of(data), TagPredictor.BANK_LIMIT, 16).predictions();
        }
    }

    private static FunctionTraining.Settings settings() {
        return FunctionTraining.Settings.builder().optVectors(4).optMaxTokens(96).optValidFraction(0.2)
                .setTraining(TrainingSettings.builder().setBatchSize(8).optEpochs(2).optLearningRate(1e-2).optSeed(7)
                        .build()).build();
    }
}
