package org.tagllm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.bank.Provenance;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.bank.TagEntry;

/**
 * {@code tagllm quickstart} end to end on the demo model (made in a temporary home), on small sizes: every promised
 * output exists and parses, banks reload, predictions line up with the test rows, stage 1 lowers the held-out loss.
 */
class QuickstartCommandTest {

    @TempDir
    static Path tmp;

    static String previousHome;
    static Path out;
    static CliRun run;
    static JsonNode summary;

    /** Small sizes: 40 labelled molecules (32/4/4), 60 unlabelled, 12 stage-1 steps, one stage-2 epoch. */
    static String[] args(Path folder, String... more) {
        List<String> a = new ArrayList<>(List.of("quickstart", "--out", folder.toString(), "--rows", "40",
                "--corpus-rows", "60", "--steps", "12", "--epochs", "1", "--seed", "3"));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @BeforeAll
    static void runOnce() throws Exception {
        previousHome = System.setProperty("tagllm.home", tmp.resolve("home").toString());
        out = tmp.resolve("qs");
        run = CliRun.of(args(out));
        assertEquals(0, run.exitCode(), run::toString);
        summary = new ObjectMapper().readTree(out.resolve("quickstart.json").toFile());
    }

    @AfterAll
    static void restoreHome() {
        if (previousHome == null) {
            System.clearProperty("tagllm.home");
        } else {
            System.setProperty("tagllm.home", previousHome);
        }
    }

    @Test
    void printsTheTableWithEveryStepAndSaysTheModelIsRandom() {
        List<String> lines = run.out().lines().toList();
        for (String step : List.of("data", "1", "1b", "2", "3", "4", "base")) {
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(step + " ")), "no table row " + step + "\n" + run);
        }
        assertTrue(run.out().contains("RANDOM, UNTRAINED"), run.out());
        assertTrue(run.out().contains("--model DIR"), run.out());
        assertTrue(run.out().contains("against"), "the verdict against the mean predictor\n" + run.out());
        assertTrue(run.err().contains("quickstart [6/6]") && run.err().contains("stage 1"), "progress on stderr");
        assertFalse(run.out().contains("quickstart ["), "progress stays off stdout");
    }

    @Test
    void everyListedOutputExistsAndNoTemporaryFileIsLeft() throws Exception {
        Iterator<String> paths = summary.get("outputs").fieldNames();
        List<String> listed = new ArrayList<>();
        paths.forEachRemaining(listed::add);
        assertTrue(listed.containsAll(List.of("data/molecules.csv", "data/corpus.smi", "data/test.csv",
                "banks/smiles.bank", "banks/smiles-seed4.bank", "banks/heteroatom-share.bank",
                "banks/heteroatom-share-composed.bank", "banks/heteroatom-share.bank.loss.png",
                "predictions/test.csv", "predictions/test-composed.csv", "quickstart.json")), listed.toString());
        for (String p : listed) {
            assertTrue(Files.exists(out.resolve(p)), p);
            assertTrue(run.out().contains(p), "not printed: " + p);
            if (p.endsWith(".png")) {
                byte[] head = Arrays.copyOf(Files.readAllBytes(out.resolve(p)), 4);
                assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, head, p);
            }
        }
        try (Stream<Path> all = Files.walk(out)) {
            List<Path> hidden = all.filter(f -> f.getFileName().toString().startsWith(".")
                    && !f.getFileName().toString().equals(QuickstartFolder.MARKER)).toList();
            assertEquals(List.of(), hidden, "staging or temporary files left behind");
        }
    }

    @Test
    void stageOneLowersTheHeldOutLossOfBothRuns() {
        for (int i : new int[] {1, 2}) {
            JsonNode m = summary.get("steps").get(i).get("metrics");
            assertTrue(m.get("heldout_loss_trained").asDouble() < m.get("heldout_loss_untagged").asDouble(),
                    summary.get("steps").get(i).toPrettyString());
        }
    }

    @Test
    void countsAreWholeNumbersAndTheTrainingLossStandsApartFromTheValidationFigures() {
        for (int i : new int[] {1, 2, 3}) {
            JsonNode step = summary.get("steps").get(i);
            JsonNode training = step.get("training");
            assertTrue(training != null && training.get("steps").isIntegralNumber(), step.toPrettyString());
            assertTrue(training.get("final_loss").isNumber() && training.get("loss").asText().contains("("),
                    step.toPrettyString());
            assertTrue(!step.get("metrics").has("steps") && !step.get("metrics").has("final_train_loss"),
                    "counts and the training loss are not validation figures: " + step.toPrettyString());
        }
        assertTrue(summary.get("steps").get(1).get("counts").get("heldout_examples").isIntegralNumber());
        assertEquals("training loss (MSE of standardised targets)",
                summary.get("steps").get(3).get("training").get("loss").asText());
    }

    @Test
    void theBanksReloadAndTheComposedOneIsAZeroShotPairing() throws Exception {
        TagBank smiles = TagBank.read(out.resolve("banks/smiles.bank"));
        assertEquals(List.of("<SMILES>"), smiles.tagNames(TagEntry.Kind.DOMAIN));
        TagBank function = TagBank.read(out.resolve("banks/heteroatom-share.bank"));
        assertEquals(List.of("<HeteroatomShare>"), function.tagNames(TagEntry.Kind.FUNCTION));
        assertTrue(function.head("<HeteroatomShare>").isPresent() && function.task("<HeteroatomShare>").isPresent());
        assertEquals(smiles.tag("<SMILES>"), function.tag("<SMILES>"), "stage 2 keeps stage 1's tag frozen");
        TagBank composed = TagBank.read(out.resolve("banks/heteroatom-share-composed.bank"));
        assertEquals(TagBank.read(out.resolve("banks/smiles-seed4.bank")).tag("<SMILES>"), composed.tag("<SMILES>"));
        List<Provenance> history = composed.manifest().provenance();
        assertTrue(history.get(history.size() - 1).zeroShot(), "composition records the zero-shot pairing");
    }

    @Test
    void predictionsCoverTheTestRowsAndMatchStageTwosTestFigures() throws Exception {
        List<String> test = Files.readAllLines(out.resolve("data/test.csv"));
        for (String file : List.of("predictions/test.csv", "predictions/test-composed.csv")) {
            List<String> lines = Files.readAllLines(out.resolve(file));
            assertEquals("row,smiles,heteroatom_share,<HeteroatomShare>,problem,truncated", lines.get(0), file);
            assertEquals(test.size(), lines.size(), file + ": one line per test row");
            for (int i = 1; i < lines.size(); i++) {
                String[] cells = lines.get(i).split(",", -1);
                String[] truth = test.get(i).split(",");
                assertEquals(List.of(String.valueOf(i), truth[0]), List.of(cells[0], cells[1]), lines.get(i));
                assertEquals(Double.parseDouble(truth[1]), Double.parseDouble(cells[2]), 0, lines.get(i));
                assertTrue(Double.isFinite(Double.parseDouble(cells[3])), lines.get(i));
                assertEquals("", cells[4], lines.get(i));
            }
        }
        // The bank as saved predicts what the model predicted when stage 2 measured its test rows.
        JsonNode stage2 = summary.get("steps").get(3).get("metrics");
        JsonNode step3 = summary.get("steps").get(4).get("metrics");
        assertEquals(stage2.get("test.rmse").asDouble(), step3.get("rmse").asDouble(), 1e-5);
        JsonNode base = summary.get("steps").get(6);
        assertEquals("base", base.get("step").asText());
        assertEquals(0.0, base.get("metrics").get("pearson").asDouble(), 0,
                "a constant predictor correlates 0 by Metrics' convention");
    }

    @Test
    void aRerunReplacesTheEarlierRunAndAForeignFolderIsRefused() throws Exception {
        Path again = tmp.resolve("again");
        assertEquals(0, CliRun.of(args(again)).exitCode());
        byte[] data = Files.readAllBytes(again.resolve("data/molecules.csv"));
        assertArrayEquals(Files.readAllBytes(out.resolve("data/molecules.csv")), data, "same seed, same data");

        CliRun other = CliRun.of(args(again, "--target", "heavy_atoms"));
        assertEquals(0, other.exitCode(), other::toString);
        assertTrue(Files.isDirectory(again.resolve("banks/heavy-atoms.bank")));
        assertFalse(Files.exists(again.resolve("banks/heteroatom-share.bank")), "the earlier run's banks are gone");
        assertTrue(Files.readString(again.resolve("predictions/test.csv")).startsWith("row,smiles,heavy_atoms,"));

        Path foreign = Files.createDirectories(tmp.resolve("foreign"));
        Files.writeString(foreign.resolve("notes.txt"), "mine");
        CliRun refused = CliRun.of(args(foreign));
        assertEquals(1, refused.exitCode(), refused::toString);
        assertEquals(1, refused.err().lines().filter(l -> l.startsWith("tagllm quickstart:")).count(),
                refused::toString);
        assertEquals(List.of(foreign.resolve("notes.txt")), Files.list(foreign).toList(), "nothing touched");
    }

    @Test
    void badOptionsAreOneLineErrors() {
        CliRun target = CliRun.of(args(tmp.resolve("bad"), "--target", "logp"));
        assertEquals(1, target.exitCode(), target::toString);
        assertTrue(target.err().contains("heteroatom_share"), target.err());
        CliRun rows = CliRun.of("quickstart", "--out", tmp.resolve("bad").toString(), "--rows", "3");
        assertEquals(1, rows.exitCode(), rows::toString);
        assertTrue(rows.err().contains("at least 10"), rows.err());
        assertFalse(Files.exists(tmp.resolve("bad")), "refused before anything is written");
    }
}
