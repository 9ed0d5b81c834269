package org.tagllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.demo.DemoModel;

/**
 * Issue 12 item 12a: {@code evaluate} writes each task's checked rows to {@code tagllm-TASK-*.csv} in the system temp
 * folder; none may be left behind, whether the command finishes or is stopped by a signal.
 */
class TemporaryFilesTest {

    @TempDir
    static Path tmp;

    static Path model;
    static Path bank;

    @BeforeAll
    static void setUp() throws Exception {
        model = tmp.resolve("demo");
        DemoModel.write(model);
        Path corpus = Files.write(tmp.resolve("corpus.smi"), List.of("CCO", "CCN", "CCCO", "CCCN", "CO", "CN"));
        bank = tmp.resolve("smiles.bank");
        CliRun stage1 = CliRun.of("pretrain-domain", "--model", model.toString(), "--corpus", "<SMILES>=" + corpus,
                "--out", bank.toString(), "--vectors", "2", "--max-steps", "2", "--batch", "4");
        assertEquals(0, stage1.exitCode(), stage1::toString);
    }

    private static Path table(String name) throws IOException {
        StringBuilder t = new StringBuilder("smiles,y\n");
        for (int i = 0; i < 60; i++) {
            String m = "C".repeat(1 + i % 6) + (i % 2 == 0 ? "O" : "N");
            t.append(m).append(',').append(m.length()).append('\n');
        }
        return Files.writeString(tmp.resolve(name), t.toString());
    }

    private static String[] evaluate(Path data, Path out, String epochs) {
        return new String[] {"evaluate", "--model", model.toString(), "--bank", bank.toString(), "--data",
            data.toString(), "--function-tag", "<Y>", "--input", "smiles:smiles=<SMILES>", "--target", "y",
            "--methods", "linear-probe", "--seeds", "0", "--epochs", epochs, "--batch", "8", "--max-tokens", "32",
            "--out", out.toString()};
    }

    private static List<Path> sharedRows(Path dir, String task) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.getFileName().toString().startsWith("tagllm-" + task + "-")).toList();
        }
    }

    @Test
    void aFinishedEvaluationRemovesItsRowsFile() throws Exception {
        String task = "t" + UUID.randomUUID().toString().substring(0, 8) + "_split";
        CliRun run = CliRun.of(evaluate(table(task + ".csv"), tmp.resolve("eval-done"), "1"));
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(List.of(), sharedRows(Path.of(System.getProperty("java.io.tmpdir")), task));
    }

    @Test
    void anEvaluationStoppedBySigtermRemovesItsRowsFile() throws Exception {
        Path childTmp = Files.createDirectories(tmp.resolve("child-tmp"));
        Path log = tmp.resolve("stopped.log");
        Process p = CliProcess.start(childTmp, log, evaluate(table("stopped_split.csv"), tmp.resolve("eval-stopped"),
                "500"));
        try {
            assertTrue(CliProcess.await(p, Duration.ofSeconds(120), () -> {
                try {
                    return !sharedRows(childTmp, "stopped_split").isEmpty();
                } catch (IOException e) {
                    return false;
                }
            }), () -> "the rows file never appeared: " + CliProcess.log(log));
            assertTrue(p.isAlive(), "still evaluating when stopped");
            p.destroy(); // SIGTERM, as a user's kill or a scheduler would send
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ends on SIGTERM");
        } finally {
            p.destroyForcibly();
        }
        assertEquals(List.of(), sharedRows(childTmp, "stopped_split"), CliProcess.log(log));
    }
}
