package org.tagllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.demo.DemoModel;
import org.tagllm.knime.engine.io.OutputLock;
import org.tagllm.knime.engine.train.TrainingCheckpoint;

/**
 * Issue 12 item 6: two runs writing one --out. The first claims the output and its checkpoint folder; the second is
 * refused naming it (pid, start) and the first ends intact. The claim is an OS lock, so a killed run leaves nothing
 * that blocks the next, and its checkpoint still resumes.
 */
class ConcurrentRunsTest {

    @TempDir
    static Path tmp;

    static Path model;
    static Path corpus;

    @BeforeAll
    static void setUp() throws Exception {
        model = tmp.resolve("demo");
        DemoModel.write(model);
        List<String> molecules = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            molecules.add("C".repeat(1 + i % 7) + (i % 2 == 0 ? "O" : "N") + "c1ccccc1".repeat(i % 3));
        }
        corpus = Files.write(tmp.resolve("corpus.smi"), molecules);
    }

    private static String[] pretrain(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("pretrain-domain", "--model", model.toString(), "--corpus",
                "<SMILES>=" + corpus, "--out", out.toString(), "--vectors", "2", "--batch", "4"));
        args.addAll(Arrays.asList(more));
        return args.toArray(String[]::new);
    }

    private static boolean hasCheckpoint(Path dir) {
        try {
            return TrainingCheckpoint.latest(dir).isPresent();
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void aSecondRunOnTheSameOutputIsRefusedNamingTheFirst() throws Exception {
        Path out = tmp.resolve("shared.bank");
        Path checkpoints = tmp.resolve("shared.bank.checkpoints");
        Path log = tmp.resolve("first.log");
        Process first = CliProcess.start(tmp, log, pretrain(out, "--max-steps", "300", "--checkpoint-every", "5"));
        try {
            assertTrue(CliProcess.await(first, Duration.ofSeconds(120), () -> hasCheckpoint(checkpoints)),
                    () -> "the first run never wrote a checkpoint: " + CliProcess.log(log));
            assertTrue(first.isAlive(), "the first run must still be training for this test to mean anything");

            CliRun second = CliRun.of(pretrain(out, "--max-steps", "2"));
            assertTrue(first.isAlive(), "the second run was judged while the first still ran");
            assertEquals(1, second.exitCode(), second::toString);
            assertEquals(1, second.err().strip().lines().count(), second::toString);
            assertTrue(second.err().contains(out + ": another run is writing it (pid " + first.pid()
                    + ", tagllm pretrain-domain, started "), second::toString);
            assertEquals("", second.out(), second::toString);

            assertTrue(first.waitFor(300, TimeUnit.SECONDS), "the first run ends");
            String firstLog = CliProcess.log(log);
            assertEquals(0, first.exitValue(), firstLog);
            assertTrue(firstLog.contains("wrote " + out + " (300 steps"), firstLog);
            assertEquals(1, TagBank.read(out).tags().size(), "the first run's bank, whole");
            assertFalse(Files.exists(checkpoints), "its checkpoints removed once it finished");
            try (var siblings = Files.list(tmp)) {
                assertTrue(siblings.noneMatch(p -> p.getFileName().toString().endsWith(".lock")),
                        "lock files go with the run that held them");
            }
        } finally {
            first.destroyForcibly();
        }
    }

    @Test
    void aClaimInThisProcessRefusesTheCommand() throws Exception {
        // The node layer runs in one JVM: a second claim there must be refused too (not crash on the OS lock).
        Path out = tmp.resolve("node.bank");
        try (OutputLock held = OutputLock.acquire(out, "Tag Trainer node")) {
            CliRun run = CliRun.of(pretrain(out, "--max-steps", "2"));
            assertEquals(1, run.exitCode(), run::toString);
            assertTrue(run.err().contains("(pid " + ProcessHandle.current().pid() + ", Tag Trainer node, started "),
                    run::toString);
        }
        CliRun after = CliRun.of(pretrain(out, "--max-steps", "2"));
        assertEquals(0, after.exitCode(), after::toString);
    }

    @Test
    void aKilledRunBlocksNothingAndItsCheckpointResumes() throws Exception {
        Path out = tmp.resolve("killed.bank");
        Path checkpoints = tmp.resolve("killed.bank.checkpoints");
        Path log = tmp.resolve("killed.log");
        String[] args = pretrain(out, "--max-steps", "300", "--checkpoint-every", "5");
        Process first = CliProcess.start(tmp, log, args);
        try {
            assertTrue(CliProcess.await(first, Duration.ofSeconds(120), () -> hasCheckpoint(checkpoints)),
                    () -> "the run never wrote a checkpoint: " + CliProcess.log(log));
        } finally {
            first.destroyForcibly(); // kill -9: no finally block, no shutdown hook runs
            first.waitFor(30, TimeUnit.SECONDS);
        }
        List<String> resume = new ArrayList<>(Arrays.asList(args));
        resume.add("--resume");
        CliRun resumed = CliRun.of(resume.toArray(String[]::new));
        assertEquals(0, resumed.exitCode(), resumed::toString);
        assertTrue(resumed.out().contains("wrote " + out + " (300 steps"), resumed::toString);
        assertTrue(resumed.out().contains("removed checkpoints " + checkpoints), resumed::toString);
    }
}
