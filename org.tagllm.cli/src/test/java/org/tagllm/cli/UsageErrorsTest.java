package org.tagllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, items 3 and 7: a usage error is a few lines that name the option and point to the help, not the whole
 * help; {@code --threads} beyond the machine (which hung) or below 1 is refused on every command that takes it.
 */
class UsageErrorsTest {

    private static final int PROCESSORS = Runtime.getRuntime().availableProcessors();

    @Test
    void aMisspeltOptionIsNamedWithTheOneMeant() {
        CliRun run = CliRun.of("train", "--modle", "x");
        assertShortUsageError(run, "train");
        assertTrue(run.err().startsWith("tagllm train: unknown option '--modle'\n"), run::toString);
        assertTrue(run.err().contains("did you mean --model"), run::toString);
    }

    @Test
    void aMissingOptionIsOneLineAndAPointer() {
        CliRun run = CliRun.of("generate");
        assertShortUsageError(run, "generate");
        assertTrue(run.err().contains("--prompt"), run::toString);
    }

    @Test
    void anUnknownCommandSuggestsTheNearestOne() {
        CliRun run = CliRun.of("trian");
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("'trian'") && run.err().contains("train"), run::toString);
        assertTrue(run.err().strip().lines().count() <= 3, run::toString);
    }

    @Test
    void threadsBeyondTheMachineAreRefusedEverywhere() {
        for (String command : List.of("info", "train", "predict", "pretrain-domain", "evaluate", "zero-shot",
                "quickstart", "workflow")) {
            CliRun run = CliRun.of(command, "--threads", "100000");
            assertShortUsageError(run, command);
            assertTrue(run.err().contains("--threads") && run.err().contains("100000"), run::toString);
            assertTrue(run.err().contains("this machine has " + PROCESSORS + " processors"), run::toString);
        }
    }

    @Test
    void threadsBelowOneAreRefused() {
        for (String n : List.of("0", "-3")) {
            CliRun run = CliRun.of("train", "--threads", n);
            assertShortUsageError(run, "train");
            assertTrue(run.err().contains(n + ": give at least 1"), run::toString);
        }
    }

    @Test
    void benchRefusesThreadsBeyondTheMachineBeforeRunning() {
        CliRun run = CliRun.of("bench", "--threads", "100000");
        assertEquals(1, run.exitCode(), run::toString);
        assertEquals("tagllm bench: --threads 100000: this machine has " + PROCESSORS + " processors; give at most "
                + PROCESSORS, run.err().strip());
    }

    private static void assertShortUsageError(CliRun run, String command) {
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().strip().lines().count() <= 3, "the help buried the error:\n" + run);
        assertFalse(run.err().contains("Usage:"), run::toString);
        assertTrue(run.err().strip().endsWith("see 'tagllm " + command + " --help'"), run::toString);
    }
}
