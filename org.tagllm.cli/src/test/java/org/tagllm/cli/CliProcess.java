package org.tagllm.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The command line in a JVM of its own, for what one JVM cannot show: two processes claiming one output (file locks
 * are per process), a run killed or stopped by a signal. Output and errors go to {@code log}.
 */
final class CliProcess {

    private CliProcess() {}

    /** Starts {@code tagllm args}; {@code tmpdir} becomes the child's {@code java.io.tmpdir}. */
    static Process start(Path tmpdir, Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx1g", "-Djava.io.tmpdir=" + tmpdir, "-Dai.djl.offline=true",
                "-Dai.djl.pytorch.num_threads=1", "-cp", System.getProperty("java.class.path"),
                TagLlmCli.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Waits until {@code condition} holds; false when the process ended or time ran out first. */
    static boolean await(Process p, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (!p.isAlive()) {
                return condition.getAsBoolean();
            }
            Thread.sleep(20);
        }
        return false;
    }

    static String log(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
