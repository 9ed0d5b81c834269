package org.tagllm.knime.engine.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.OnTheDemoModel;
import org.tagllm.knime.engine.data.ColumnKind;
import org.tagllm.knime.engine.method.DataSource;
import org.tagllm.knime.engine.method.LabelledTask;
import org.tagllm.knime.engine.train.TrainingCancelledException;

/**
 * Issue 19: a comparison killed after its first runs resumes from the runs it finished (each kept as it finished)
 * and ends with the same results as an uninterrupted one, bit for bit; other settings are refused by name.
 */
class ComparisonResumeTest extends OnTheDemoModel {

    static Benchmark benchmark;

    private static final String[] FRAGMENTS = {"C", "CC", "O", "N", "c1ccccc1", "C(=O)O", "CCO", "C(Cl)"};
    private static final List<Method> METHODS = List.of(Method.MEAN, Method.LINEAR_PROBE, Method.PROMPT_TUNING);
    private static final ComparisonSettings SETTINGS = ComparisonSettings.builder().optSeeds(List.of(0L, 1L))
            .optLearningRates(List.of(3e-3, 1e-2)).optEpochs(1).optBatchSize(8).optVectors(2).optMaxTokens(48)
            .optMaxTrain(0).optMaxEval(0).build();

    @BeforeAll
    static void setUp() throws Exception {
        Random r = new Random(9);
        StringBuilder table = new StringBuilder("smiles,carbons\n");
        for (int i = 0; i < 60; i++) {
            StringBuilder s = new StringBuilder("C");
            for (int j = 0, n = 1 + r.nextInt(4); j < n; j++) {
                s.append(FRAGMENTS[r.nextInt(FRAGMENTS.length)]);
            }
            table.append(s).append(',').append(s.chars().filter(c -> c == 'C' || c == 'c').count()).append('\n');
        }
        Path data = Files.writeString(tmp.resolve("carbons.csv"), table.toString());
        LabelledTask task = new LabelledTask("<Carbons>", LabelledTask.Type.REGRESSION,
                List.of(new LabelledTask.Input("smiles", ColumnKind.SMILES, "<SMILES>")), List.of("carbons"), null, false);
        benchmark = new Benchmark("carbons", "carbons", task, DataSource.of(data), null, "random", "mse");
    }

    @Test
    void aKilledComparisonResumesFromItsFinishedRunsAndEndsAsAnUninterruptedOne() throws Exception {
        ObjectNode settings = FinishedRuns.settings("demo", SETTINGS, Map.of());
        Path whole = tmp.resolve("whole");
        JsonNode uninterrupted = results(Comparison.run(model, null, benchmark, METHODS, SETTINGS,
                Comparison.Listener.NONE, () -> false, FinishedRuns.open(whole, settings)));

        // Killed once two runs are kept: the mean predictor and the first linear-probe run.
        Path killed = tmp.resolve("killed");
        FinishedRuns first = FinishedRuns.open(killed, settings);
        assertThrows(TrainingCancelledException.class, () -> Comparison.run(model, null, benchmark, METHODS,
                SETTINGS, Comparison.Listener.NONE, () -> kept(killed) >= 2, first));
        assertEquals(2, kept(killed));
        List<String> before = new ArrayList<>();
        for (Path f : files(killed)) {
            before.add(Files.readString(f));
        }

        List<String> resumedRuns = new ArrayList<>();
        FinishedRuns again = FinishedRuns.open(killed, settings);
        JsonNode resumed = results(Comparison.run(model, null, benchmark, METHODS, SETTINGS,
                new Comparison.Listener() {
                    @Override
                    public void resumed(RunRecord run) {
                        resumedRuns.add(run.method().id() + " " + run.learningRate());
                    }
                }, () -> false, again));
        assertEquals(List.of("mean NaN", "linear-probe 0.003"), resumedRuns);
        assertEquals(2, again.readBack());
        List<String> after = new ArrayList<>();
        for (Path f : files(killed).subList(0, before.size())) {
            after.add(Files.readString(f));
        }
        assertEquals(before.size(), after.size());
        assertEquals(7, kept(killed), "every run kept");
        assertEquals(withoutSeconds(uninterrupted).toPrettyString(), withoutSeconds(resumed).toPrettyString(),
                "the resumed comparison ends with the uninterrupted one's results");
    }

    @Test
    void otherSettingsAreRefusedNamingTheSetting() throws Exception {
        Path dir = tmp.resolve("refused");
        FinishedRuns.open(dir, FinishedRuns.settings("demo", SETTINGS, Map.of("stage1_steps", 125)));
        ComparisonSettings longer = SETTINGS.toBuilder().optEpochs(2).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FinishedRuns.open(dir,
                FinishedRuns.settings("demo", longer, Map.of("stage1_steps", 125))));
        assertTrue(e.getMessage().contains("protocol.max_epochs: 1 then, 2 now"), e.getMessage());
        IllegalArgumentException stage1 = assertThrows(IllegalArgumentException.class, () -> FinishedRuns.open(dir,
                FinishedRuns.settings("demo", SETTINGS, Map.of("stage1_steps", 50))));
        assertTrue(stage1.getMessage().contains("stage1_steps: 125 then, 50 now"), stage1.getMessage());
    }

    private static JsonNode results(List<RunRecord> runs) {
        return ComparisonJson.of("demo", SETTINGS, List.of(benchmark), Map.of(benchmark.id(), runs));
    }

    /** The results without wall times, which differ from run to run. */
    private static JsonNode withoutSeconds(JsonNode results) {
        JsonNode copy = results.deepCopy();
        copy.path("tasks").path("carbons").path("runs").forEach(r -> ((ObjectNode) r).remove("seconds"));
        return copy;
    }

    private static List<Path> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> !f.getFileName().toString().equals(FinishedRuns.SETTINGS)
                    && f.getFileName().toString().endsWith(".json")).sorted().toList();
        }
    }

    private static long kept(Path dir) {
        try {
            return files(dir).size();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
