package org.tagllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
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
        corpus = Files.write(tmp.resolve("corpus.smi"), List.of("CCO", "CCN", "c1ccccc1", "CC(=O)O", "CCCC", "OCCO",
                "c1ccccc1O", "CCOC"));
    }

    @Test
    void sigtermAfterACheckpointNamesItAndResume() throws Exception {
        Path out = tmp.resolve("kept.bank");
        Path checkpoints = tmp.resolve("kept.bank.checkpoints");
        Process p = start(out, "--checkpoint-every", "1");
        Output err = Output.of(p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        Optional<Path> latest = Optional.empty();
        while (latest.isEmpty() && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            latest = Files.isDirectory(checkpoints) ? TrainingCheckpoint.latest(checkpoints) : Optional.empty();
        }
        assertTrue(latest.isPresent(), "no checkpoint before the deadline: " + err.text());
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "the run did not stop");
        String last = err.lastLine();
        assertTrue(last.startsWith("tagllm pretrain-domain: interrupted; kept the checkpoint " + checkpoints),
                err.text());
        assertTrue(last.matches(".*\\(step [1-9][0-9]*\\); to continue, run the same command with --resume"),
                err.text());
        assertFalse(Files.exists(out), "an interrupted run writes no bank");
    }

    @Test
    void sigtermBeforeAnyCheckpointSaysNothingIsKept() throws Exception {
        Process p = start(tmp.resolve("lost.bank"));
        Output err = Output.of(p);
        assertTrue(err.awaitLineContaining("loss", TIMEOUT_SECONDS), "no progress line: " + err.text());
        p.destroy();
        assertTrue(p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "the run did not stop");
        assertEquals("tagllm pretrain-domain: interrupted; no checkpoint was written yet, so nothing is kept "
                + "(--checkpoint-every N keeps one every N steps)", err.lastLine(), err.text());
    }

    private static Process start(Path out, String... more) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx1g", "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1",
                "-Dai.djl.pytorch.num_interop_threads=1", "-cp", System.getProperty("java.class.path"),
                TagLlmCli.class.getName(), "pretrain-domain", "--model", model.toString(), "--corpus",
                "<SMILES>=" + corpus, "--out", out.toString(), "--vectors", "2", "--batch", "2", "--max-steps",
                "1000000"));
        command.addAll(List.of(more));
        return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Standard error of a process, read as it comes. */
    private static final class Output {
        private final List<String> lines = new ArrayList<>();
        private boolean closed;

        static Output of(Process p) {
            Output o = new Output();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        o.add(line);
                    }
                } catch (java.io.IOException e) {
                    o.add("(reading failed: " + e + ")");
                } finally {
                    o.close();
                }
            });
            reader.setDaemon(true);
            reader.start();
            return o;
        }

        synchronized void add(String line) {
            lines.add(line);
            notifyAll();
        }

        synchronized void close() {
            closed = true;
            notifyAll();
        }

        synchronized boolean awaitLineContaining(String text, long seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (lines.stream().noneMatch(l -> l.contains(text)) && !closed && System.nanoTime() < deadline) {
                wait(100);
            }
            return lines.stream().anyMatch(l -> l.contains(text));
        }

        synchronized String lastLine() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            while (!closed && System.nanoTime() < deadline) {
                wait(100);
            }
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }

        synchronized String text() {
            return String.join("\n", lines);
        }
    }
}
