package org.tagllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.demo.DemoModel;
import org.tagllm.knime.engine.train.TrainingCheckpoint;

/**
 * Issue 12 item 12b: checkpoints exist during a run (to resume one that stops) and are removed once it finishes,
 * said in the output, unless --keep-checkpoints; a folder left by a run that stopped is named up front.
 */
class CheckpointHousekeepingTest {

    @TempDir
    static Path tmp;

    static Path model;
    static Path corpus;

    @BeforeAll
    static void setUp() throws Exception {
        model = tmp.resolve("demo");
        DemoModel.write(model);
        corpus = Files.write(tmp.resolve("corpus.smi"), List.of("CCO", "CCN", "c1ccccc1", "CC(=O)O", "CCCC",
                "OCCO", "c1ccccc1O", "CCOC", "NCCN", "CC(C)O", "CCCCO", "c1ccccc1N"));
    }

    private static CliRun pretrain(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("pretrain-domain", "--model", model.toString(), "--corpus",
                "<SMILES>=" + corpus, "--out", out.toString(), "--vectors", "2", "--max-steps", "3", "--batch", "4",
                "--checkpoint-every", "1"));
        args.addAll(Arrays.asList(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void aFinishedRunRemovesItsCheckpointsAndSaysSo() {
        Path out = tmp.resolve("plain.bank");
        CliRun run = pretrain(out);
        assertEquals(0, run.exitCode(), run::toString);
        Path checkpoints = tmp.resolve("plain.bank.checkpoints");
        assertTrue(run.out().contains("removed checkpoints " + checkpoints), run::toString);
        assertFalse(Files.exists(checkpoints), "no OUT.checkpoints folder left behind");
        assertTrue(Files.isRegularFile(out.resolve("bank.json")));
    }

    @Test
    void keptCheckpointsStayAndALeftoverFolderIsNamedBeforeTraining() throws Exception {
        Path out = tmp.resolve("kept.bank");
        CliRun run = pretrain(out, "--keep-checkpoints");
        assertEquals(0, run.exitCode(), run::toString);
        assertFalse(run.out().contains("removed checkpoints"), run::toString);
        Path checkpoints = tmp.resolve("kept.bank.checkpoints");
        assertEquals(Path.of(TrainingCheckpoint.folderName(3)),
                TrainingCheckpoint.latest(checkpoints).orElseThrow().getFileName());

        CliRun again = pretrain(out);
        assertEquals(1, again.exitCode(), again::toString);
        assertEquals(1, again.err().strip().lines().count(), () -> "refused before any progress: " + again);
        assertTrue(again.err().contains(checkpoints.toString()) && again.err().contains("--resume"), again::toString);

        CliRun resumed = pretrain(out, "--resume");
        assertEquals(0, resumed.exitCode(), resumed::toString);
        assertTrue(resumed.out().contains("removed checkpoints"), resumed::toString);
        assertFalse(Files.exists(checkpoints));
    }

    @Test
    void anExplicitCheckpointFolderKeepsWhatElseItHolds() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("my-checkpoints"));
        Files.writeString(dir.resolve("notes.txt"), "mine");
        CliRun run = pretrain(tmp.resolve("explicit.bank"), "--checkpoints", dir.toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(TrainingCheckpoint.list(dir).isEmpty(), "the run's checkpoints are gone");
        assertEquals("mine", Files.readString(dir.resolve("notes.txt")), "the user's file stays");
    }
}
