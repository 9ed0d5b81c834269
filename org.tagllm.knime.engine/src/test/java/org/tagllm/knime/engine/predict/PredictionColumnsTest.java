package org.tagllm.knime.engine.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.method.TagPredictor;

class PredictionColumnsTest {

    @Test
    void regressionKeepsEveryInputColumnInOrderAndNamesThePredictionAfterItsTag() {
        PredictionColumns columns = PredictionColumns.builder(List.of("<QED>"), false, List.of(),
                List.of("compound_id", "smiles", "vendor")).build();
        assertEquals(List.of("row", "compound_id", "smiles", "vendor", "QED", "problem", "truncated"),
                columns.names());
        TagPredictor.Prediction p = new TagPredictor.Prediction(7, Map.of("smiles", "CCO"), new double[] {0.41}, null,
                null, null, Map.of("compound_id", "CPD-0007", "smiles", "CCO", "vendor", "Enamine"));
        assertEquals(Arrays.asList(7L, "CPD-0007", "CCO", "Enamine", 0.41, null, null), columns.cells(p, 0));
    }

    @Test
    void classificationAddsThePredictedClassAndABadRowHasOnlyItsReason() {
        PredictionColumns columns = PredictionColumns.builder(List.of("P(no)", "P(yes)"), false, List.of("no", "yes"),
                List.of("id", "smiles")).build();
        assertEquals(List.of("row", "id", "smiles", "P(no)", "P(yes)", "predicted_class", "problem", "truncated"),
                columns.names());
        TagPredictor.Prediction good = new TagPredictor.Prediction(1, Map.of(), new double[] {0.2, 0.8}, null, null,
                "cut to 64 positions", Map.of("id", "a", "smiles", "CCO"));
        assertEquals(Arrays.asList(1L, "a", "CCO", 0.2, 0.8, "yes", null, "cut to 64 positions"),
                columns.cells(good, 0));
        TagPredictor.Prediction bad = new TagPredictor.Prediction(2, Map.of(), null, null, "invalid SMILES", null,
                Map.of("id", "b"));
        assertEquals(Arrays.asList(2L, "b", null, null, null, null, "invalid SMILES", null), columns.cells(bad, 1));
    }

    @Test
    void severalOutputsAreNumberedAndClashingNamesNeverHideAnInputColumn() {
        PredictionColumns columns = PredictionColumns.builder(List.of("<Fit>[0]", "<Fit>[1]"), false, List.of(),
                List.of("row", "Fit_0", "problem")).build();
        assertEquals(List.of("row_2", "row", "Fit_0", "problem", "Fit_0_2", "Fit_1", "problem_2", "truncated"),
                columns.names());
    }

    @Test
    void otherFeaturesAddTheirColumnsThroughGroupsInTheirPlace() {
        PredictionColumns.Group interval = new PredictionColumns.Group() {
            @Override
            public List<String> names() {
                return List.of("QED_lower", "QED_upper");
            }

            @Override
            public List<PredictionColumns.Type> types() {
                return List.of(PredictionColumns.Type.DOUBLE, PredictionColumns.Type.DOUBLE);
            }

            @Override
            public List<Object> cells(TagPredictor.Prediction p, long index) {
                return p.values() == null ? Arrays.asList(null, null)
                        : List.of(p.values()[0] - 0.1, p.values()[0] + 0.1);
            }
        };
        PredictionColumns columns = PredictionColumns.builder(List.of("<QED>"), false, List.of(), List.of("smiles"))
                .add(interval).build();
        assertEquals(List.of("row", "smiles", "QED", "QED_lower", "QED_upper", "problem", "truncated"),
                columns.names());
        assertEquals(PredictionColumns.Role.ADDED, columns.columns().get(3).role());
        TagPredictor.Prediction p = new TagPredictor.Prediction(1, Map.of(), new double[] {0.5}, null, null, null,
                Map.of("smiles", "C"));
        assertEquals(Arrays.asList(1L, "C", 0.5, 0.4, 0.6, null, null), columns.cells(p, 0));
    }
}
