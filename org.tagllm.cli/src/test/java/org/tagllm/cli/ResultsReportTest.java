package org.tagllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

    @TempDir
    Path tmp;

    private static String results(int maxTrain, int epochs, String split, double mse) {
        return "{\"model\": \"m\", \"protocol\": {\"seeds\": [0, 1, 2], \"learning_rates\": [0.01], \"max_epochs\": "
                + epochs + ", \"batch_size\": 16, \"vectors\": 10, \"max_tokens\": 320, \"max_train_rows\": "
                + maxTrain + ", \"max_eval_rows\": 1000, \"data_seed\": 0}, \"tasks\": {\"qed\": {\"title\": "
                + "\"QED\", \"type\": \"regression\", \"split\": \"" + split + "\", \"primary_metric\": \"mse\", "
                + "\"summary\": {\"tag-llm\": {\"mse\": {\"mean\": " + mse + ", \"std\": 0.001, \"n\": 3}}}, "
                + "\"runs\": []}}}";
    }

    /** Issue 18: results at another budget are another row, titled with their budget, not merged into the first. */
    @Test
    void aTaskAtAnotherBudgetIsItsOwnRowNamingTheBudget() throws Exception {
        Path small = Files.writeString(tmp.resolve("small.json"), results(2000, 3, "random", 0.0246));
        Path again = Files.writeString(tmp.resolve("again.json"), results(2000, 3, "random", 0.0250));
        Path large = Files.writeString(tmp.resolve("large.json"), results(8000, 1, "random", 0.0211));
        Path out = tmp.resolve("R.md");
        ResultsReport.write(List.of(small, again, large), List.of(), out);
        String md = Files.readString(out);
        assertTrue(md.contains("| QED (mse ↓) | **0.0250 ± 0.0010 (3)** |"), md);
        assertTrue(md.contains("| QED, 8000 training rows, 1 epoch, random (mse ↓) | **0.0211 ± 0.0010 (3)** |"), md);
        assertTrue(md.contains("- qed-2: ") && md.contains("training rows at most 8000"), md);
        assertFalse(md.contains("0.0246"), "the same budget merges, the later file winning: " + md);
    }
}
