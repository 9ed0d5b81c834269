package org.tagllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.demo.DemoModel;

/**
 * Issue 12 item 2: every output of a command is checked before the model loads or a row is read, so a bad --out (or
 * --json, loss curve, checkpoint folder, report) costs nothing. "Nothing was done" is shown by stderr holding just the
 * one refusal line (no progress, no training output) and by no checkpoint folder or staging folder being left.
 */
class OutputPreflightTest {

    @TempDir
    static Path tmp;

    static Path model;
    static Path corpus;
    static Path table;
    static Path bank;

    private static final List<String> MOLECULES = CliFixtures.molecules(16);

    @BeforeAll
    static void setUp() throws Exception {
        model = tmp.resolve("demo");
        DemoModel.write(model);
        corpus = Files.write(tmp.resolve("corpus.smi"), MOLECULES);
        StringBuilder t = new StringBuilder("smiles,y\n");
        MOLECULES.forEach(m -> t.append(m).append(',').append(m.length()).append('\n'));
        table = Files.writeString(tmp.resolve("y.csv"), t.toString());
        bank = tmp.resolve("ok.bank");
        CliRun run = pretrain(bank);
        assertEquals(0, run.exitCode(), run::toString);
    }

    private static CliRun pretrain(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("pretrain-domain", "--model", model.toString(), "--corpus",
                "<SMILES>=" + corpus, "--out", out.toString(), "--vectors", "2", "--max-steps", "2", "--batch", "4"));
        args.addAll(Arrays.asList(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static CliRun train(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--model", model.toString(), "--bank", bank.toString(),
                "--data", table.toString(), "--function-tag", "<Y>", "--input", "smiles:smiles=<SMILES>", "--target",
                "y", "--out", out.toString(), "--vectors", "2", "--max-steps", "2", "--batch", "4"));
        args.addAll(Arrays.asList(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** Exit 1, one line naming the path and the reason, nothing else printed, no checkpoint folder begun. */
    private static void refusedUpFront(CliRun run, Path named, String why, Path out) throws Exception {
        assertEquals(1, run.exitCode(), run::toString);
        assertEquals(1, run.err().strip().lines().count(), () -> "one line, no progress before it: " + run);
        assertTrue(run.err().contains(named.toString()), run::toString);
        assertTrue(run.err().contains(why), run::toString);
        assertEquals("", run.out(), run::toString);
        assertFalse(Files.exists(out.resolveSibling(out.getFileName() + ".checkpoints")), "nothing trained");
        Path parent = out.toAbsolutePath().getParent();
        if (!Files.isDirectory(parent)) {
            return; // a bank under a regular file: nothing could have been staged there
        }
        try (var left = Files.list(parent)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith("." + out.getFileName() + ".tmp-")),
                    "no staging folder");
        }
    }

    @Test
    void trainRefusesAFileWhereTheBankGoesBeforeTraining() throws Exception {
        Path out = Files.writeString(tmp.resolve("a-file.bank"), "mine");
        refusedUpFront(train(out), out, "is a file", out);
        assertEquals("mine", Files.readString(out));
    }

    @Test
    void pretrainRefusesAFolderOfOtherFilesBeforeTraining() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("photos"));
        Files.writeString(out.resolve("holiday.jpg"), "jpeg");
        refusedUpFront(pretrain(out), out, "not a tag bank", out);
        assertEquals("jpeg", Files.readString(out.resolve("holiday.jpg")));
    }

    @Test
    void aBankUnderARegularFileCannotBeCreated() throws Exception {
        Path file = Files.writeString(tmp.resolve("plain.txt"), "x");
        Path out = file.resolve("bank");
        refusedUpFront(train(out), out, "plain.txt is a file", out);
    }

    @Test
    void aReadOnlyPlaceIsRefused() throws Exception {
        // Root ignores permission bits, so only a file system that refuses root as well will do: sysfs does here.
        Path sys = Path.of("/sys");
        boolean refuses;
        try {
            Files.delete(Files.createFile(sys.resolve(".tagllm-write-test")));
            refuses = false;
        } catch (java.io.IOException e) {
            refuses = true;
        }
        assumeTrue(refuses, "skipped: /sys accepts new files here, so there is no read-only place to try");
        Path out = sys.resolve("y.bank");
        CliRun run = train(out);
        assertEquals(1, run.exitCode(), run::toString);
        assertEquals(1, run.err().strip().lines().count(), run::toString);
        assertTrue(run.err().contains(out + ": cannot be written: /sys does not accept new files"), run::toString);
    }

    @Test
    void theJsonResultsAndLossCurveAreCheckedToo() throws Exception {
        Path json = Files.createDirectories(tmp.resolve("results-folder"));
        Path out = tmp.resolve("json.bank");
        refusedUpFront(train(out, "--json", json.toString()), json, "is a folder", out);

        Path out2 = tmp.resolve("curve.bank");
        Path curve = Files.createDirectories(tmp.resolve("curve.bank.loss.png"));
        refusedUpFront(pretrain(out2), curve, "is a folder", out2);
    }

    @Test
    void aCheckpointFolderThatIsAFileIsRefusedBeforeTraining() throws Exception {
        Path out = tmp.resolve("ck.bank");
        Path checkpoints = Files.writeString(tmp.resolve("ck-file"), "x");
        refusedUpFront(train(out, "--checkpoints", checkpoints.toString()), checkpoints, "is a file", out);
    }

    @Test
    void aMissingParentIsMadeAsTheWritersDo() throws Exception {
        Path out = tmp.resolve("new/deeper/y.bank");
        CliRun run = train(out, "--json", tmp.resolve("new/other/y.json").toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(Files.isRegularFile(out.resolve("bank.json")));
        assertTrue(Files.isRegularFile(tmp.resolve("new/other/y.json")));
    }

    @Test
    void predictRefusesItsOutputBeforePredicting() throws Exception {
        Path trained = tmp.resolve("for-predict.bank");
        CliRun t = train(trained);
        assertEquals(0, t.exitCode(), t::toString);
        Path folder = Files.createDirectories(tmp.resolve("predictions-folder"));
        CliRun run = CliRun.of("predict", "--model", model.toString(), "--bank", trained.toString(), "--data",
                tmp.resolve("no-such-rows.csv").toString(), "--out", folder.toString());
        // The missing data file would be the complaint if the output were checked after reading it.
        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().contains(folder + " is a folder"), run::toString);

        Path underFile = Files.writeString(tmp.resolve("p.txt"), "x").resolve("out.csv");
        CliRun again = CliRun.of("predict", "--model", model.toString(), "--bank", trained.toString(), "--data",
                tmp.resolve("no-such-rows.csv").toString(), "--out", underFile.toString());
        assertEquals(1, again.exitCode(), again::toString);
        assertTrue(again.err().contains("p.txt is a file"), again::toString);
    }

    @Test
    void composeAndEvaluateCheckTheirOutputsFirst() throws Exception {
        Path file = Files.writeString(tmp.resolve("composed-file"), "x");
        CliRun compose = CliRun.of("compose", "--domain-bank", bank.toString(), "--function-bank",
                tmp.resolve("no-such.bank").toString(), "--function-tag", "<Y>", "--out", file.toString());
        assertEquals(1, compose.exitCode(), compose::toString);
        assertTrue(compose.err().contains(file + ": this is a file"), compose::toString);

        Path evalOut = Files.writeString(tmp.resolve("eval-file"), "x");
        CliRun evaluate = CliRun.of("evaluate", "--model", model.toString(), "--bank", bank.toString(), "--data",
                table.toString(), "--function-tag", "<Y>", "--input", "smiles:smiles=<SMILES>", "--target", "y",
                "--methods", "tag-llm", "--seeds", "0", "--epochs", "1", "--batch", "4", "--vectors", "2",
                "--out", evalOut.toString());
        assertEquals(1, evaluate.exitCode(), evaluate::toString);
        assertEquals(1, evaluate.err().strip().lines().count(), evaluate::toString);
        assertTrue(evaluate.err().contains(evalOut + ": this is a file"), evaluate::toString);
    }
}
