package org.tagllm.knime.engine.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.method.TaskPredictions;

/** Mean ± sample standard deviation over seeds, and which runs count. */
class MetricSummaryTest {

    @Test
    void meanAndSampleStandardDeviation() {
        // 1, 2, 4: mean 7/3; squared deviations 16/9 + 1/9 + 25/9 = 42/9; / (n - 1) = 7/3; sd = sqrt(7/3).
        MetricSummary s = MetricSummary.of(List.of(1.0, 2.0, 4.0));
        assertEquals(7.0 / 3, s.mean(), 1e-15);
        assertEquals(Math.sqrt(7.0 / 3), s.std(), 1e-15);
        assertEquals(3, s.n());
    }

    @Test
    void oneRunHasNoSpreadAndUndefinedRunsDoNotCount() {
        MetricSummary one = MetricSummary.of(List.of(0.5));
        assertEquals(0.5, one.mean(), 0);
        assertTrue(Double.isNaN(one.std()));
        MetricSummary some = MetricSummary.of(Arrays.asList(Double.NaN, 3.0, null, 5.0));
        assertEquals(4.0, some.mean(), 0);
        assertEquals(2, some.n());
        assertEquals(0, MetricSummary.of(List.of()).n());
    }

    @Test
    void onlyChosenRunsEnterTheSummary() {
        RunRecord chosen0 = run(Method.TAG_LLM, 0, true, 0.02);
        RunRecord lost = run(Method.TAG_LLM, 0, false, 0.50);
        RunRecord chosen1 = run(Method.TAG_LLM, 1, true, 0.04);
        RunRecord mean = run(Method.MEAN, 0, true, 0.05);
        Map<Method, Map<String, MetricSummary>> by = MetricSummary.byMethod(List.of(chosen0, lost, chosen1, mean));
        assertEquals(List.of(Method.TAG_LLM, Method.MEAN), List.copyOf(by.keySet()));
        assertEquals(0.03, by.get(Method.TAG_LLM).get("mse").mean(), 1e-15);
        assertEquals(2, by.get(Method.TAG_LLM).get("mse").n());
        assertEquals(1, by.get(Method.MEAN).get("mse").n());
    }

    private static RunRecord run(Method m, long seed, boolean chosen, double mse) {
        return new RunRecord("qed", m, seed, 1e-2, Double.NaN, chosen, 0.1, 1, 10, 100, Map.of(),
                Map.of("mse", mse), 1, List.of(), List.of(), TaskPredictions.empty());
    }
}
