package org.tagllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.demo.DemoModel;
import org.tagllm.knime.engine.train.TrainingCheckpoint;

/**
 * Issue 12, item 7: a training run stopped by SIGTERM (what Ctrl-C's SIGINT does too) says what was kept and how to
 * go on. The command runs as a real process of its own, which the test stops the way a user or a scheduler would.
 */
class InterruptNoticeTest {

    private static final long TIMEOUT_SECONDS = 180;

    @TempDir
    static Path tmp;

    static Path model;
    static Path corpus;

    @BeforeAll
    static void modelAndCorpus() throws Exception {
        model = tmp.resolve("demo");
        DemoModel.write(model);
        corpus = Files.write(tmp.resolve("corpus.smi"), CliFixtures.molecules(8));
    }

    @Test
    void sigtermAfterACheckpointNamesItAndResume() throws Exception {
        Path out = tmp.resolve("kept.bank");
        Path checkpoints = tmp.resolve("kept.bank.checkpoints");
        Path err = tmp.resolve("kept.err");
        Process p = start(out, err, "--checkpoint-every", "1");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        Optional<Path> latest = Optional.empty();
        while (latest.isEmpty() && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            latest = Files.isDirectory(checkpoints) ? TrainingCheckpoint.latest(checkpoints) : Optional.empty();
        }
        assertTrue(latest.isPresent(), "no checkpoint before the deadline: " + Files.readString(err));
        String last = stop(p, err);
        assertTrue(last.startsWith("tagllm pretrain-domain: interrupted; kept the checkpoint " + checkpoints), last);
        assertTrue(last.matches(".*\\(step [1-9][0-9]*\\); to continue, run the same command with --resume"), last);
        assertFalse(Files.exists(out), "an interrupted run writes no bank");
    }

    @Test
    void sigtermBeforeAnyCheckpointSaysNothingIsKept() throws Exception {
        Path err = tmp.resolve("lost.err");
        Process p = start(tmp.resolve("lost.bank"), err);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!Files.readString(err).contains("loss") && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(Files.readString(err).contains("loss"), "no progress line: " + Files.readString(err));
        assertEquals("tagllm pretrain-domain: interrupted; no checkpoint was written yet, so nothing is kept "
                + "(--checkpoint-every N keeps one every N steps)", stop(p, err));
    }

    /** Sends SIGTERM, waits for the end and returns the last line of standard error. */
    private static String stop(Process p, Path err) throws Exception {
        p.destroy();
        assertTrue(p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "the run did not stop");
        List<String> lines = Files.readAllLines(err);
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    private static Process start(Path out, Path err, String... more) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx1g", "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1",
                "-Dai.djl.pytorch.num_interop_threads=1", "-cp", System.getProperty("java.class.path"),
                TagLlmCli.class.getName(), "pretrain-domain", "--model", model.toString(), "--corpus",
                "<SMILES>=" + corpus, "--out", out.toString(), "--vectors", "2", "--batch", "2", "--max-steps",
                "1000000"));
        command.addAll(List.of(more));
        Files.writeString(err, "");
        return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile()).start();
    }
}
