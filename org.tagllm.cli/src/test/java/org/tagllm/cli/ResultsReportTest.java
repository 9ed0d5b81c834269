package org.tagllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.evaluate.ComparisonResults.Figure;
import org.tagllm.knime.engine.evaluate.ComparisonResults.TaskResults;
import org.tagllm.knime.engine.evaluate.ComparisonResultsJson;
import org.tagllm.knime.engine.evaluate.Method;

/** The report's verdicts on the paper's orderings, its cells, and a task merged from two results files. */
class ResultsReportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Figure summary(double mean, double std, int n) throws Exception {
        return ComparisonResultsJson.fromJson("{\"mean\": " + mean + ", \"std\": " + (Double.isNaN(std) ? "null" : std)
                + ", \"n\": " + n + "}", Figure.class);
    }

    @Test
    void verdictsSayWhetherAnOrderingHoldsAndHowClearly() throws Exception {
        // Lower is better (MSE): 0.020 ± 0.001 against 0.037 ± 0.002 differs by 0.017 > 0.002.
        assertEquals("yes (clearly)", ResultsReport.verdict(summary(0.020, 0.001, 3), summary(0.037, 0.002, 3),
                false, Method.LINEAR_PROBE));
        // 0.0200 against 0.0205, spreads 0.001: within one sd.
        assertEquals("yes (within one sd)", ResultsReport.verdict(summary(0.0200, 0.001, 3),
                summary(0.0205, 0.001, 3), false, Method.PROMPT_TUNING));
        assertEquals("**no** (clearly)", ResultsReport.verdict(summary(0.030, 0.001, 3), summary(0.020, 0.001, 3),
                false, Method.PROMPT_TUNING));
        // Higher is better (AUROC), one seed: no spread known.
        assertEquals("yes (one seed)", ResultsReport.verdict(summary(0.80, Double.NaN, 1),
                summary(0.70, Double.NaN, 1), true, Method.LINEAR_PROBE));
        assertEquals("fingerprint ahead (one seed)", ResultsReport.verdict(summary(0.70, Double.NaN, 1),
                summary(0.80, Double.NaN, 1), true, Method.FINGERPRINT));
        // The mean predictor has no seed: Tag-LLM's own spread decides.
        assertEquals("yes (clearly)", ResultsReport.verdict(summary(0.0246, 0.0009, 3), summary(0.0493, Double.NaN, 1),
                false, Method.MEAN));
        assertEquals("undefined", ResultsReport.verdict(summary(0.70, Double.NaN, 1), summary(0, 0, 0), true,
                Method.MEAN));
    }

    @Test
    void cellsShowMeanSpreadAndCount() throws Exception {
        assertEquals("0.0203 ± 0.0011 (3)", ResultsReport.cell(summary(0.0203, 0.0011, 3)));
        assertEquals("0.0203 (1)", ResultsReport.cell(summary(0.0203, Double.NaN, 1)));
        assertEquals("—", ResultsReport.cell(summary(0, 0, 0)));
    }

    @Test
    void aTaskInTwoFilesKeepsTheMethodsOfBothTheLaterWinning() throws Exception {
        JsonNode earlier = JSON.readTree("{\"summary\": {\"tag-llm\": {\"mse\": {\"mean\": 1, \"n\": 1}},"
                + " \"no-head\": {\"mse\": {\"mean\": 2, \"n\": 1}}},"
                + " \"runs\": [{\"method\": \"tag-llm\"}, {\"method\": \"no-head\"}]}");
        JsonNode later = JSON.readTree("{\"summary\": {\"tag-llm\": {\"mse\": {\"mean\": 3, \"n\": 3}}},"
                + " \"runs\": [{\"method\": \"tag-llm\"}, {\"method\": \"tag-llm\"}]}");
        JsonNode merged = JSON.valueToTree(ResultsReport.merged(ComparisonResultsJson.fromTree(earlier,
                TaskResults.class), ComparisonResultsJson.fromTree(later, TaskResults.class)));
        assertEquals(3, merged.path("summary").path("tag-llm").path("mse").path("n").asInt());
        assertEquals(2, merged.path("summary").path("no-head").path("mse").path("mean").asInt());
        List<String> methods = new ArrayList<>();
        merged.path("runs").forEach(r -> methods.add(r.path("method").asText()));
        assertEquals(List.of("tag-llm", "tag-llm", "no-head"), methods);
    }
}
