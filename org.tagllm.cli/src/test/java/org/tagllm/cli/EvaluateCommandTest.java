package org.tagllm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.demo.DemoModel;

/**
 * {@code evaluate} and {@code report} on the demo model and a small table: every method runs by the one protocol
 * on the same test rows, counts what it trains, and the report holds the tables and readable plots.
 */
class EvaluateCommandTest {

    @TempDir
    static Path tmp;

    static Path model;
    static Path bank;
    static Path data;

    /** Fragments that chain into valid molecules in any order. */
    private static final String[] FRAGMENTS = {"C", "CC", "O", "N", "c1ccccc1", "C(=O)O", "CCO", "C(Cl)"};

    @BeforeAll
    static void setUp() throws Exception {
        model = tmp.resolve("demo");
        DemoModel.write(model);
        Random r = new Random(3);
        List<String> molecules = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            StringBuilder s = new StringBuilder("C");
            for (int j = 0, n = 1 + r.nextInt(4); j < n; j++) {
                s.append(FRAGMENTS[r.nextInt(FRAGMENTS.length)]);
            }
            molecules.add(s.toString());
        }
        Path corpus = Files.write(tmp.resolve("corpus.smi"), molecules);
        bank = tmp.resolve("smiles.bank");
        CliRun stage1 = CliRun.of("pretrain-domain", "--model", model.toString(), "--corpus", "<SMILES>=" + corpus,
                "--out", bank.toString(), "--vectors", "4", "--max-steps", "4", "--batch", "8");
        assertEquals(0, stage1.exitCode(), stage1::toString);
        StringBuilder table = new StringBuilder("smiles,carbons\n");
        for (String m : molecules) {
            table.append(m).append(',').append(m.chars().filter(c -> c == 'C' || c == 'c').count()).append('\n');
        }
        data = Files.writeString(tmp.resolve("carbons.csv"), table.toString());
    }

    @Test
    void everyMethodRunsByOneProtocolAndTheReportShowsThem() throws Exception {
        Path out = tmp.resolve("eval");
        Path report = tmp.resolve("docs/RESULTS.md");
        CliRun run = CliRun.of("evaluate", "--model", model.toString(), "--bank", bank.toString(), "--data",
                data.toString(), "--function-tag", "<Carbons>", "--input", "smiles:smiles=<SMILES>", "--target",
                "carbons", "--methods", "mean,fingerprint,linear-probe,prompt-tuning,tag-llm,no-domain-tags,"
                        + "no-function-tag,no-head", "--seeds", "0,1", "--lrs", "3e-3,1e-2", "--epochs", "2",
                "--batch", "8", "--vectors", "4", "--max-tokens", "64", "--out", out.toString(), "--report",
                report.toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("Tag-LLM") && run.out().contains("Linear probe"), run.out());

        JsonNode task = new ObjectMapper().readTree(out.resolve("results.json").toFile()).path("tasks")
                .path("carbons");
        JsonNode summary = task.path("summary");
        int d = 64; // the demo model's width
        // Per method: runs (2 grid runs with seed 0, then seed 1 at the chosen rate) and parameters trained.
        for (String m : List.of("linear-probe", "prompt-tuning", "tag-llm", "no-domain-tags", "no-function-tag",
                "no-head")) {
            List<JsonNode> runs = runs(task, m);
            assertEquals(3, runs.size(), m);
            assertEquals(2, runs.stream().filter(r -> r.path("chosen").asBoolean()).count(), m);
            assertEquals(2, summary.path(m).path("mse").path("n").asInt(), m);
            JsonNode chosen = runs.stream().filter(r -> r.path("chosen").asBoolean()).findFirst().orElseThrow();
            JsonNode loser = runs.stream().filter(r -> !r.path("chosen").asBoolean()).findFirst().orElseThrow();
            assertTrue(chosen.path("selection_score").asDouble() <= loser.path("selection_score").asDouble(),
                    m + ": the chosen rate must have the better validation score");
            long expected = switch (m) {
                case "tag-llm", "no-domain-tags" -> 4L * d + d;
                case "linear-probe", "no-function-tag" -> d;
                case "prompt-tuning" -> 2L * 4 * d + d;
                default -> 4L * d; // no head: the function tag alone
            };
            assertEquals(expected, chosen.path("trainable_parameters").asLong(), m);
        }
        assertEquals(1, summary.path("mean").path("mse").path("n").asInt());
        assertEquals(1, summary.path("fingerprint").path("mse").path("n").asInt());

        // One split for all: every method's test rows are the same rows.
        double[] rows = doubles(first(task, "tag-llm").path("test_predictions").path("rows"));
        for (String m : List.of("mean", "fingerprint", "linear-probe", "prompt-tuning")) {
            assertArrayEquals(rows, doubles(first(task, m).path("test_predictions").path("rows")), m);
        }
        // The mean predictor answers one constant; its MSE recomputed from the rows it wrote.
        JsonNode mean = first(task, "mean").path("test_predictions");
        double[] truth = doubles(mean.path("truth"));
        double[] predicted = doubles(mean.path("predicted"));
        double mse = 0;
        for (int i = 0; i < truth.length; i++) {
            assertEquals(predicted[0], predicted[i], 0);
            mse += (truth[i] - predicted[i]) * (truth[i] - predicted[i]) / truth.length;
        }
        assertEquals(mse, summary.path("mean").path("mse").path("mean").asDouble(), 1e-12);
        assertEquals(0.0, summary.path("mean").path("pearson").path("mean").asDouble(), 0,
                "a constant prediction correlates 0 by convention");

        String md = Files.readString(report);
        assertTrue(md.contains("| carbons (mse ↓) |"), md);
        assertTrue(md.contains("## Ablations"), md);
        assertTrue(md.contains("Do the paper's orderings hold here?"), md);
        Path plots = tmp.resolve("docs/RESULTS-plots");
        for (String png : List.of("carbons-predicted-vs-true.png", "carbons-validation.png",
                "carbons-training-loss.png")) {
            assertNotNull(ImageIO.read(plots.resolve(png).toFile()), png);
            assertTrue(md.contains("](RESULTS-plots/" + png + ")"), png + " linked");
        }

        // report: several results files and fragments into one document.
        Path notes = Files.writeString(tmp.resolve("notes.md"), "## Notes\n\nWritten by hand.\n");
        Path merged = tmp.resolve("merged.md");
        CliRun again = CliRun.of("report", "--results", out.resolve("results.json").toString(), "--include",
                notes.toString(), "--out", merged.toString());
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(Files.readString(merged).endsWith("Written by hand.\n"));
    }

    @Test
    void rocCurveStepsThroughTiedScoresTogether() {
        // Scores 0.9 (pos), 0.5 (pos), 0.5 (neg), 0.1 (neg): thresholds 0.9, 0.5, 0.1.
        double[][] roc = ResultPlots.rocCurve(new double[] {1, 1, 0, 0}, new double[] {0.9, 0.5, 0.5, 0.1});
        assertArrayEquals(new double[] {0, 0, 0.5, 1}, roc[0], 0);
        assertArrayEquals(new double[] {0, 0.5, 1, 1}, roc[1], 0);
        assertNull(ResultPlots.rocCurve(new double[] {1, 1}, new double[] {0.2, 0.3}), "one class: no curve");
    }

    private static List<JsonNode> runs(JsonNode task, String method) {
        List<JsonNode> out = new ArrayList<>();
        task.path("runs").forEach(r -> {
            if (r.path("method").asText().equals(method)) {
                out.add(r);
            }
        });
        return out;
    }

    private static JsonNode first(JsonNode task, String method) {
        return runs(task, method).stream().filter(r -> r.has("test_predictions")).findFirst().orElseThrow(
                () -> new AssertionError(method + " has no run with test predictions"));
    }

    private static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }
}
