package org.tagllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18: a bad --threshold or --class-weights is one line naming the option and the value, never a trace. */
class ImbalanceOptionsTest {

    @TempDir
    Path tmp;

    @Test
    void anUnknownThresholdCriterionIsBadInputNamingIt() {
        for (String command : new String[] {"train", "evaluate"}) {
            CliRun run = CliRun.of(command, "--threshold", "accuracy");
            assertEquals(1, run.exitCode(), run::toString); // a bad option value is bad input, as --task's
            assertTrue(run.err().contains("--threshold") && run.err().contains("'accuracy' is not a threshold "
                    + "criterion; use mcc, f1, youden or none"), run::toString);
            assertTrue(!run.err().contains("Exception") && !run.err().contains("\tat "), run::toString);
        }
    }

    @Test
    void badClassWeightsAreBadInputOnOneLine() throws Exception {
        Path data = Files.writeString(tmp.resolve("d.csv"), "smiles,active\nCCO,0\nCCN,1\n");
        for (String[] bad : new String[][] {{"0=1,1=x", "the weight of '1' is no number"},
            {"heavy", "use none, balanced or LABEL=WEIGHT"}, {"0=1,1=-2", "'1' must be positive"}}) {
            CliRun run = CliRun.of("train", "--model", tmp.resolve("no-model").toString(), "--data", data.toString(),
                    "--function-tag", "<Active>", "--input", "smiles:smiles=<SMILES>", "--task", "classification", "--label",
                    "active", "--out", tmp.resolve("a.bank").toString(), "--class-weights", bad[0]);
            assertEquals(1, run.exitCode(), run::toString);
            assertTrue(run.err().contains("--class-weights") && run.err().contains(bad[1]), run::toString);
            assertEquals(1, run.err().strip().lines().count(), run::toString);
        }
    }
}
