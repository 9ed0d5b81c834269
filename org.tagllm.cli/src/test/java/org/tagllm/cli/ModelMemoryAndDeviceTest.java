package org.tagllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every model command estimates memory before loading and refuses, exit 1, with the numbers, when the model cannot
 * fit; --device names a GPU this libtorch cannot see and is refused likewise; --weights stored runs a bf16 model.
 */
class ModelMemoryAndDeviceTest {

    @TempDir
    static Path tmp;

    static Path model;
    static Path corpus;

    @BeforeAll
    static void makeModel() throws Exception {
        model = tmp.resolve("llama");
        CliRun made = CliRun.of("make-model", "--like", "llama-3.2-1b", "--layers", "1", "--vocab", "400",
                "--out", model.toString());
        assertEquals(0, made.exitCode(), made::toString);
        corpus = Files.write(tmp.resolve("c.smi"), CliFixtures.molecules(12));
    }

    private static CliRun pretrain(String out, String... extra) {
        String[] base = {"pretrain-domain", "--model", model.toString(), "--corpus", "<SMILES>=" + corpus, "--out",
            tmp.resolve(out).toString(), "--vectors", "2", "--max-steps", "1"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliRun.of(args);
    }

    @Test
    void aWorkloadThatCannotFitIsRefusedBeforeLoading() {
        CliRun r = pretrain("big.bank", "--batch", "4096", "--max-tokens", "8192");
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("the model needs an estimated"), r.err());
        assertTrue(r.err().matches("(?s).*but cpu has [0-9.]+ GiB available.*"), r.err());
        assertTrue(r.err().contains("a smaller batch (now 4096)"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(Files.exists(tmp.resolve("big.bank")));
    }

    @Test
    void aGpuThisLibtorchCannotSeeIsRefused() {
        CliRun r = pretrain("gpu.bank", "--device", "cuda:0", "--batch", "4");
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("--device cuda:0") && r.err().contains("tagllm doctor"), r.err());
        CliRun bad = pretrain("gpu.bank", "--device", "tpu", "--batch", "4");
        assertEquals(1, bad.exitCode(), bad::toString);
        assertTrue(bad.err().contains("use cpu or cuda:N"), bad.err());
    }

    @Test
    void storedWeightsTrainOnCpu() {
        CliRun r = pretrain("stored.bank", "--weights", "stored", "--device", "cpu", "--batch", "4");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.err().contains("weights kept as stored"), r.err());
        assertTrue(Files.isDirectory(tmp.resolve("stored.bank")));
    }

    @Test
    void recomputingBlocksInBackwardTrainsAndIsNamedAsTheRemedyWhenPlainTrainingCannotFit() {
        CliRun on = pretrain("recompute.bank", "--weights", "stored", "--recompute", "on", "--batch", "4");
        assertEquals(0, on.exitCode(), on::toString);
        assertTrue(Files.isDirectory(tmp.resolve("recompute.bank")));
        CliRun off = pretrain("off.bank", "--recompute", "off", "--batch", "4096", "--max-tokens", "8192");
        assertEquals(1, off.exitCode(), off::toString);
        assertTrue(off.err().contains("recomputing blocks in backward (--recompute on"), off.err());
        CliRun bad = pretrain("bad.bank", "--recompute", "sometimes");
        assertEquals(1, bad.exitCode(), bad::toString);
        assertTrue(bad.err().contains("--recompute 'sometimes' is not a recompute choice; use auto, on or off"), bad.err());
    }
}
