package org.tagllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.demo.DemoModel;

/**
 * Issue 19: {@code evaluate} shows progress inside each run (task, method, lr, seed, epoch, step, ETA) and, started
 * again on the same folder with the same settings, reads its finished runs back instead of training them; other
 * settings are refused in one line naming the setting.
 */
class EvaluateResumeCommandTest {

    @TempDir
    static Path tmp;

    static Path model;
    static Path data;

    private static final String[] FRAGMENTS = {"C", "CC", "O", "N", "c1ccccc1", "C(=O)O", "CCO", "C(Cl)"};

    @BeforeAll
    static void setUp() throws Exception {
        model = tmp.resolve("demo");
        DemoModel.write(model);
        Random r = new Random(4);
        StringBuilder table = new StringBuilder("smiles,carbons\n");
        for (int i = 0; i < 60; i++) {
            StringBuilder s = new StringBuilder("C");
            for (int j = 0, n = 1 + r.nextInt(4); j < n; j++) {
                s.append(FRAGMENTS[r.nextInt(FRAGMENTS.length)]);
            }
            table.append(s).append(',').append(s.chars().filter(c -> c == 'C' || c == 'c').count()).append('\n');
        }
        data = Files.writeString(tmp.resolve("carbons.csv"), table.toString());
    }

    private static CliRun evaluate(Path out, String epochs) {
        List<String> args = new ArrayList<>(List.of("evaluate", "--model", model.toString(), "--data",
                data.toString(), "--function-tag", "<Carbons>", "--input", "smiles:smiles=<SMILES>", "--target",
                "carbons", "--methods", "mean,linear-probe", "--seeds", "0", "--lrs", "3e-3,1e-2", "--epochs",
                epochs, "--batch", "8", "--vectors", "2", "--max-tokens", "48", "--out", out.toString()));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void showsProgressAndResumesFromFinishedRuns() throws Exception {
        Path out = tmp.resolve("eval");
        CliRun first = evaluate(out, "2");
        assertEquals(0, first.exitCode(), first::toString);
        List<String> progress = first.err().lines().filter(l -> l.contains("ETA")).toList();
        assertFalse(progress.isEmpty(), first::toString);
        assertTrue(progress.stream().anyMatch(l -> l.startsWith("carbons linear-probe lr 0.003 seed 0: epoch 2, "
                + "step ") && l.contains("/")), progress.toString());
        assertTrue(progress.stream().anyMatch(l -> l.contains("lr 0.01 seed 0: epoch 1")), progress.toString());
        String results = Files.readString(out.resolve("results.json"));

        CliRun again = evaluate(out, "2");
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.err().contains("resuming: 3 finished run(s)"), again::toString);
        assertEquals(3, again.err().lines().filter(l -> l.contains("finished earlier, read back")).count(),
                again::toString);
        assertTrue(again.err().lines().noneMatch(l -> l.contains("ETA")), "nothing trained again: " + again);
        assertEquals(results, Files.readString(out.resolve("results.json")), "the same results, bit for bit");

        CliRun other = evaluate(out, "3");
        assertEquals(1, other.exitCode(), other::toString);
        assertEquals(1, other.err().strip().lines().count(), other::toString);
        assertTrue(other.err().contains("protocol.max_epochs: 2 then, 3 now"), other::toString);
    }

    /**
     * Builds before class-conditional sets had only marginal ones and recorded no set method: their calibrated runs
     * resume under --marginal-sets, and are refused under today's default (class-conditional) instead of mixing.
     */
    @Test
    void calibratedRunsOfAnEarlierBuildResumeOnlyWithTheSetsTheyHad() throws Exception {
        Path out = tmp.resolve("eval-calibrated");
        CliRun first = calibrated(out, "--marginal-sets");
        assertEquals(0, first.exitCode(), first::toString);
        try (var files = Files.walk(out)) {
            for (Path settings : files.filter(f -> f.getFileName().toString().equals("settings.json")).toList()) {
                // What an earlier build wrote: no word of the set method (its sets were marginal).
                String earlier = Files.readString(settings).replaceAll(",\\s*\"marginal_sets\"\\s*:\\s*true", "");
                Files.writeString(settings, earlier);
            }
        }

        CliRun classConditional = calibrated(out);
        assertEquals(1, classConditional.exitCode(), classConditional::toString);
        assertTrue(classConditional.err().contains("class_conditional_sets: absent then, true now"),
                classConditional::toString);

        CliRun marginal = calibrated(out, "--marginal-sets");
        assertEquals(0, marginal.exitCode(), marginal::toString);
        assertTrue(marginal.err().contains("finished earlier, read back"), marginal::toString);
    }

    private static CliRun calibrated(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("evaluate", "--model", model.toString(), "--data",
                data.toString(), "--function-tag", "<Carbons>", "--input", "smiles:smiles=<SMILES>", "--target",
                "carbons", "--methods", "linear-probe", "--seeds", "0", "--lrs", "1e-2", "--epochs", "1", "--batch",
                "8", "--vectors", "2", "--max-tokens", "48", "--calibrate", "--out", out.toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }
}
