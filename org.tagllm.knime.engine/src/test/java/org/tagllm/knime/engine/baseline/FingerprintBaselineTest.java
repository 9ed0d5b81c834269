package org.tagllm.knime.engine.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.baseline.FingerprintBaseline.Column;
import org.tagllm.knime.engine.data.ColumnKind;

/** The public entry points on small tables whose answers are known. */
class FingerprintBaselineTest {

    private static final List<Column> CELL = List.of(new Column("cell", ColumnKind.TEXT));

    @Test
    void categoryMeansAreLearnedWithTheSmallestPenalty() {
        // y is exactly 1, 2 or 4 by category: noise-free, so validation picks λ = 0.01, and the prediction is the
        // ridge solution, close to the category's value (shrunk by about λ/(rows per category)).
        List<Map<String, String>> train = cells("a", "b", "c", "a", "b", "c", "a", "b", "c");
        double[] trainY = {1, 2, 4, 1, 2, 4, 1, 2, 4};
        RegressionModel m = FingerprintBaseline.fitRegression(CELL, train, trainY, cells("a", "b", "c"),
                new double[] {1, 2, 4});
        assertEquals(0.01, m.lambda());
        double[] p = m.predict(cells("a", "b", "c", "unseen"));
        assertEquals(1, p[0], 0.01);
        assertEquals(2, p[1], 0.01);
        assertEquals(4, p[2], 0.01);
        // An unseen category has no features: the intercept, i.e. the training mean 7/3 with one-hots centred.
        assertEquals(7.0 / 3, p[3], 1e-9);
        assertEquals(3, m.featureCount());
        assertEquals(4, m.parameterCount());
        assertEquals(FingerprintBaseline.LAMBDAS, List.copyOf(m.validationLoss().keySet()));
        assertTrue(m.metrics(cells("a", "c"), new double[] {1, 4}).get("rmse") < 0.01);
    }

    @Test
    void featuresConstantOnTheTrainingRowsAreNotParameters() {
        // The cell line never varies in training, so its one-hot is dropped; ECFP bits that no training molecule
        // sets, or that all set, are dropped too.
        List<Column> columns = List.of(new Column("smiles", ColumnKind.SMILES), new Column("cell", ColumnKind.TEXT));
        List<Map<String, String>> train = List.of(Map.of("smiles", "CCO", "cell", "HeLa"),
                Map.of("smiles", "CCCO", "cell", "HeLa"), Map.of("smiles", "CCCCO", "cell", "HeLa"));
        RegressionModel m = FingerprintBaseline.fitRegression(columns, train, new double[] {1, 2, 3},
                List.of(Map.of("smiles", "CCCCCO", "cell", "HeLa")), new double[] {4});
        assertEquals(2049, m.featureCount());
        Features f = Features.fit(columns, train);
        int varying = (int) Arrays.stream(f.rows(train, "t").varyingColumns()).filter(j -> j >= 0).count();
        assertTrue(varying > 0 && varying < 20, "varying " + varying);
        assertEquals(varying + 1, m.parameterCount());
    }

    @Test
    void withNoVaryingFeatureOnlyTheInterceptIsFitted() {
        // One category in training: its one-hot is constant, so the models predict the training mean (2) and the
        // training share of class 1 (1/4; the score equation Σ(p − y) = 0 gives p = mean label).
        RegressionModel r = FingerprintBaseline.fitRegression(CELL, cells("a", "a", "a"), new double[] {1, 2, 3},
                cells("a"), new double[] {5});
        assertEquals(1, r.featureCount());
        assertEquals(1, r.parameterCount());
        assertEquals(2.0, r.predict(cells("a", "b"))[1], 1e-12);
        ClassificationModel c = FingerprintBaseline.fitClassification(CELL, cells("a", "a", "a", "a"),
                new int[] {0, 1, 0, 0}, cells("a"), new int[] {1});
        assertEquals(1, c.parameterCount());
        assertEquals(0.25, c.probabilities(cells("a"))[0][1], 1e-10);
    }

    @Test
    void classificationGivesProbabilitiesMetricsCanRead() {
        List<Map<String, String>> train = cells("yes", "yes", "no", "no", "yes", "no", "maybe", "maybe");
        int[] labels = {1, 1, 0, 0, 1, 0, 1, 0};
        ClassificationModel m = FingerprintBaseline.fitClassification(CELL, train, labels, cells("yes", "no"),
                new int[] {1, 0});
        double[][] p = m.probabilities(cells("yes", "no", "maybe"));
        for (double[] row : p) {
            assertEquals(1.0, row[0] + row[1], 1e-12);
        }
        assertTrue(p[0][1] > 0.9 && p[1][1] < 0.1, Arrays.deepToString(p));
        // "maybe" is half and half in training; by symmetry of the data its probability is exactly 1/2.
        assertEquals(0.5, p[2][1], 1e-9);
        Map<String, Double> metrics = m.metrics(cells("yes", "no"), new int[] {1, 0});
        assertEquals(1.0, metrics.get("accuracy"));
        assertEquals(1.0, metrics.get("auroc"));
        // The strongest fit wins on a validation set that agrees with training.
        assertEquals(0.01, m.lambda());
    }

    @Test
    void badInputsAreRefusedWithTheirReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FingerprintBaseline.fitClassification(CELL, cells("a", "b"), new int[] {1, 1}, cells("a"),
                        new int[] {1}));
        assertTrue(e.getMessage().contains("needs both classes"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> FingerprintBaseline.fitRegression(CELL, cells("a", "b"), new double[] {1, 2}, List.of(),
                        new double[0]));
        assertTrue(e.getMessage().contains("no validation rows"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> FingerprintBaseline.fitRegression(CELL, cells("a", "b"), new double[] {1}, cells("a"),
                        new double[] {1}));
        assertEquals("training has 2 input rows but 1 targets", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> FingerprintBaseline.fitRegression(CELL, cells("a", "b"), new double[] {1, Double.NaN},
                        cells("a"), new double[] {1}));
        assertEquals("training target of row 1 is NaN", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> FingerprintBaseline.fitClassification(CELL, cells("a", "b"), new int[] {0, 2}, cells("a"),
                        new int[] {1}));
        assertTrue(e.getMessage().startsWith("training label of row 1 is 2"), e.getMessage());
    }

    private static List<Map<String, String>> cells(String... values) {
        List<Map<String, String>> rows = new ArrayList<>();
        for (String v : values) {
            rows.add(Map.of("cell", v));
        }
        return rows;
    }
}
