package org.tagllm.knime.engine.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.method.ClassDecision;
import org.tagllm.knime.engine.method.TagPredictor;

/** Issue 18: the predicted-class column follows the bank's decision threshold, and only the class column. */
class PredictedClassDecisionTest {

    private static final TagPredictor.Prediction ROW = new TagPredictor.Prediction(1, Map.of(),
            new double[] {0.7, 0.3}, null, null, null, Map.of());

    @Test
    void aThresholdBelowOneHalfNamesTheRareClassAndLeavesTheProbabilitiesAlone() {
        PredictionColumns argmax = PredictionColumns.builder(List.of("P(0)", "P(1)"), false, List.of("0", "1"),
                List.of()).build();
        PredictionColumns cut = PredictionColumns.builder(List.of("P(0)", "P(1)"), false, List.of("0", "1"),
                List.of()).classDecision(ClassDecision.threshold(0.25)).build();
        assertEquals(List.of(1L, 0.7, 0.3, "0"), argmax.cells(ROW, 0).subList(0, 4));
        assertEquals(List.of(1L, 0.7, 0.3, "1"), cut.cells(ROW, 0).subList(0, 4));
    }
}
