package org.tagllm.knime.nodes.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.method.TagPredictor;
import org.tagllm.knime.nodes.common.FlowVariables;
import org.tagllm.knime.nodes.port.TagModelSpec;
import org.tagllm.knime.nodes.table.CellType;
import org.tagllm.knime.nodes.table.ColumnSpec;

/** The Predictor's columns, named and filled as KNIME's predictors do. */
class PredictorColumnsTest {

    static final List<TagModelSpec.Field> SMILES = List.of(new TagModelSpec.Field("smiles", "<SMILES>", "smiles",
            "character"));

    static TagModelSpec.Task task(String tag, String head, List<String> outputs) {
        return new TagModelSpec.Task(tag, head, outputs, SMILES);
    }

    static TagPredictor.Prediction predicted(double... values) {
        return new TagPredictor.Prediction(1, Map.of(), values, null, null, null, Map.of());
    }

    static TagPredictor.Prediction failed(String why) {
        return new TagPredictor.Prediction(2, Map.of(), null, null, why, null, Map.of());
    }

    static List<String> names(PredictorColumns c) {
        return c.specs().stream().map(ColumnSpec::name).toList();
    }

    @Test
    void regressionIsPredictionOfTheTagAndItsNameCanBeChanged() {
        PredictorSettings d = PredictorSettings.defaults();
        PredictorColumns qed = PredictorColumns.of(task("<QED>", "regression", List.of("<QED>")), d);
        assertEquals(List.of(ColumnSpec.of("Prediction (QED)", CellType.DOUBLE),
                ColumnSpec.of("Prediction problem", CellType.STRING)), qed.specs());
        assertEquals(Arrays.asList(0.42, null), qed.cells(predicted(0.42), 0));
        assertEquals(Arrays.asList(null, "invalid SMILES"), qed.cells(failed("invalid SMILES"), 1));

        assertEquals(List.of("drug-likeness", "why"), names(PredictorColumns.of(task("<QED>", "regression",
                List.of("<QED>")), d.withColumns("drug-likeness", "why"))));
        assertEquals(List.of("Prediction (Tox_0)", "Prediction (Tox_1)", "Prediction problem"), names(
                PredictorColumns.of(task("<Tox>", "regression", List.of("<Tox>[0]", "<Tox>[1]")), d)));
        assertEquals(List.of("tox_0", "tox_1", "Prediction problem"), names(PredictorColumns.of(task("<Tox>",
                "regression", List.of("<Tox>[0]", "<Tox>[1]")), d.withColumns("tox", "Prediction problem"))));
    }

    @Test
    void classificationHasProbabilitiesWithSuffixThePredictedClassAndOptionallyTheConfidence() {
        TagModelSpec.Task bbbp = task("<BBBP>", "classification", List.of("P(0)", "P(1)"));
        PredictorColumns plain = PredictorColumns.of(bbbp, PredictorSettings.defaults());
        assertEquals(List.of(ColumnSpec.of("P (BBBP=0)", CellType.DOUBLE), ColumnSpec.of("P (BBBP=1)",
                CellType.DOUBLE), ColumnSpec.of("Prediction (BBBP)", CellType.STRING),
                ColumnSpec.of("Prediction problem", CellType.STRING)), plain.specs());
        assertEquals(Arrays.asList(0.3, 0.7, "1", null), plain.cells(predicted(0.3, 0.7), 0));

        PredictorColumns full = PredictorColumns.of(bbbp, PredictorSettings.defaults()
                .withColumns("penetrates", "reason").withProbabilities(" (model A)", true));
        assertEquals(List.of("P (BBBP=0) (model A)", "P (BBBP=1) (model A)", "penetrates",
                "penetrates (Confidence)", "reason"), names(full));
        assertEquals(Arrays.asList(0.8, 0.2, "0", 0.8, null), full.cells(predicted(0.8, 0.2), 0));
        assertEquals(Arrays.asList(null, null, null, null, "empty cell"), full.cells(failed("empty cell"), 3));
    }

    @Test
    void generationAndUnknownOutputs() {
        assertEquals(List.of(ColumnSpec.of("Prediction (Answer)", CellType.STRING), ColumnSpec.of("Prediction problem",
                CellType.STRING)), PredictorColumns.of(task("<Answer>", "generation", List.of("<Answer>")),
                        PredictorSettings.defaults()).specs());
        assertNull(PredictorColumns.of(task("<BBBP>", "classification", null), PredictorSettings.defaults()),
                "a classifier's classes are known only after training");
    }

    @Test
    void flowVariablesArePrefixed() {
        assertEquals("tagllm_rows_predicted", FlowVariables.name(PredictionSummary.ROWS_PREDICTED));
        assertEquals(List.of("tagllm_rows_predicted", "tagllm_rows_failed"), List.copyOf(FlowVariables.prefixed(
                new PredictionSummary(3, 2, 1).flowVariables()).keySet()));
    }
}
