package org.tagllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** import-llama2c, info and generate on the real stories260K, against llama2.c's recorded output; the quickstart on it. */
class Stories260kCommandsTest {

    /** llama2.c's run.c, greedy, prompt "Once upon a time", 64 steps (shared/data/README.md). */
    static final String RUN_C_GREEDY_64 = "Once upon a time, there was a little girl named Lily. She loved to play "
            + "outside in the park. One day, she saw a big, red ball. She wanted to play with it, but it was too high."
            + "\nLily";

    @TempDir
    static Path tmp;

    static Path model;

    @BeforeAll
    static void importModel() {
        if (SharedStories.absent() == null) {
            model = SharedStories.importInto(tmp.resolve("stories260K"));
        }
    }

    /** Assumed per test, not in @BeforeAll, where a failed assumption is reported as 0 run, 0 skipped. */
    @BeforeEach
    void requireSharedData() {
        String absent = SharedStories.absent();
        assumeTrue(absent == null, absent);
    }

    @Test
    void greedySixtyFourStepsReproduceLlama2cExactly() {
        CliRun run = CliRun.of("generate", "--model", model.toString(), "--prompt", "Once upon a time", "--steps", "64");
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(RUN_C_GREEDY_64 + System.lineSeparator(), run.out());
    }

    @Test
    void maxTokensCountsNewTokensOnly() {
        // "Once upon a time" is 4 tokens after BOS, so 60 new tokens are run.c's 64 steps.
        CliRun run = CliRun.of("generate", "--model", model.toString(), "--prompt", "Once upon a time",
                "--max-tokens", "60");
        assertEquals(RUN_C_GREEDY_64 + System.lineSeparator(), run.out(), run::toString);
    }

    @Test
    void samplingIsReproducibleFromTheSeed() {
        String[] args = {"generate", "--model", model.toString(), "--prompt", "Once upon a time", "--max-tokens", "40",
            "--temperature", "1.0", "--top-p", "0.9", "--seed", "7"};
        CliRun first = CliRun.of(args);
        CliRun again = CliRun.of(args);
        args[args.length - 1] = "8";
        CliRun other = CliRun.of(args);
        assertEquals(0, first.exitCode(), first::toString);
        assertEquals(first.out(), again.out());
        assertNotEquals(first.out(), other.out(), "another seed should give another story");
        assertTrue(first.out().startsWith("Once upon a time"), first.out());
    }

    @Test
    void infoDescribesTheModel() {
        CliRun run = CliRun.of("info", "--model", model.toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().matches("(?s).*family\\s+llama\\n.*"), run.out());
        assertTrue(run.out().matches("(?s).*layers\\s+5\\n.*"), run.out());
        assertTrue(run.out().matches("(?s).*kv heads\\s+4 .*"), run.out());
        assertTrue(run.out().matches("(?s).*vocabulary\\s+512\\n.*"), run.out());
        assertTrue(run.out().matches("(?s).*parameters\\s+260,032\\n.*"), run.out());
        assertTrue(run.out().matches("(?s).*dtype on disk\\s+F32\\n.*"), run.out());
    }

    @Test
    void quickstartRunsTheProtocolOnTheRealModel() throws Exception {
        Path out = tmp.resolve("quickstart");
        CliRun run = CliRun.of("quickstart", "--model", model.toString(), "--out", out.toString(), "--rows", "100",
                "--corpus-rows", "300", "--steps", "40", "--epochs", "2");
        assertEquals(0, run.exitCode(), run::toString);
        assertFalse(run.out().contains("RANDOM"), "no demo-model warning with a real model\n" + run.out());
        var summary = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.resolve("quickstart.json")
                .toFile());
        assertFalse(summary.get("demo_model").asBoolean());
        // A real model reads SMILES poorly untagged; the <SMILES> tag must lower its held-out loss by a tenth at least.
        var stage1 = summary.get("steps").get(1).get("metrics");
        assertTrue(stage1.get("heldout_loss_trained").asDouble() < 0.9 * stage1.get("heldout_loss_untagged")
                .asDouble(), stage1.toPrettyString());
    }
}
