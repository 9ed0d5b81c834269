package org.tagllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes 0 / 1 / 2 and one-line messages without stack traces for user errors. */
class ExitCodesTest {

    @TempDir
    Path tmp;

    @Test
    void helpEverywhere() {
        for (String cmd : new String[] {"info", "generate", "import-llama2c", "bench", "inspect", "pretrain-domain",
            "train", "predict", "compose"}) {
            CliRun run = CliRun.of(cmd, "--help");
            assertEquals(0, run.exitCode(), run::toString);
            assertTrue(run.out().contains("Usage: tagllm " + cmd), run.out());
        }
        assertEquals(0, CliRun.of("--help").exitCode());
    }

    @Test
    void missingOptionIsUsageError() {
        CliRun run = CliRun.of("generate");
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("--prompt"), run.err());
    }

    @Test
    void unknownCommandIsUsageError() {
        assertEquals(2, CliRun.of("frobnicate").exitCode());
    }

    @Test
    void missingModelFolderIsBadInputWithOneLine() {
        CliRun run = CliRun.of("info", "--model", tmp.resolve("nowhere").toString());
        assertEquals(1, run.exitCode(), run::toString);
        assertOneLineNoTrace(run);
        assertTrue(run.err().contains("nowhere"), run.err());
    }

    @Test
    void pickleWeightsAreRefusedWithTheReason() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("pickled"));
        Files.writeString(dir.resolve("config.json"), "{\"model_type\":\"llama\"}");
        Files.write(dir.resolve("pytorch_model.bin"), new byte[] {(byte) 0x80, 2, 'c', 'o', 's'});
        CliRun run = CliRun.of("generate", "--model", dir.toString(), "--prompt", "hi");
        assertEquals(1, run.exitCode(), run::toString);
        assertOneLineNoTrace(run);
        assertTrue(run.err().contains("pickle"), run.err());
        assertTrue(run.err().contains("execute"), run.err());
    }

    @Test
    void corruptCheckpointIsBadInput() throws Exception {
        Path bin = tmp.resolve("broken.bin");
        Files.write(bin, new byte[100]);
        CliRun run = CliRun.of("import-llama2c", "--checkpoint", bin.toString(), "--tokenizer", bin.toString(),
                "--out", tmp.resolve("out").toString());
        assertEquals(1, run.exitCode(), run::toString);
        assertOneLineNoTrace(run);
        assertFalse(Files.exists(tmp.resolve("out")), "a failed import must leave nothing behind");
    }

    private static void assertOneLineNoTrace(CliRun run) {
        assertEquals(1, run.err().strip().lines().count(), run::toString);
        assertFalse(run.err().contains("\tat "), run::toString);
        assertTrue(run.err().startsWith("tagllm "), run.err());
    }
}
