package org.tagllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.demo.DemoModel;

/** zero-shot on the demo model and a tiny stand-in for the shared data: its table, JSON and markdown. */
class ZeroShotCommandTest {

    @TempDir
    Path tmp;

    private static final List<String> PARTS = List.of("C", "CC", "O", "N", "c1ccccc1", "C(=O)O", "CCO", "C1CCNCC1");

    private static String molecule(Random r) {
        StringBuilder s = new StringBuilder("C");
        for (int i = 0, n = 2 + r.nextInt(3); i < n; i++) {
            s.append(PARTS.get(r.nextInt(PARTS.size())));
        }
        return s.toString();
    }

    /** corpus/smiles.txt and molecules/qed.csv, as the shared data lays them out. */
    private Path dataDir() throws Exception {
        Path dir = tmp.resolve("data");
        Files.createDirectories(dir.resolve("corpus"));
        Files.createDirectories(dir.resolve("molecules"));
        Random r = new Random(1);
        StringBuilder corpus = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            corpus.append(molecule(r)).append('\n');
        }
        Files.writeString(dir.resolve("corpus/smiles.txt"), corpus.toString());
        StringBuilder qed = new StringBuilder("smiles,qed\n");
        for (int i = 0; i < 120; i++) {
            String s = molecule(r);
            qed.append(s).append(',').append(s.chars().filter(c -> c == 'O' || c == 'N').count() / 10.0).append('\n');
        }
        Files.writeString(dir.resolve("molecules/qed.csv"), qed.toString());
        return dir;
    }

    @Test
    void printsTheTableAndWritesJsonAndMarkdown() throws Exception {
        Path model = tmp.resolve("demo");
        DemoModel.write(model);
        Path out = tmp.resolve("out");
        CliRun run = CliRun.of("zero-shot", "--model", model.toString(), "--data-dir", dataDir().toString(), "--out",
                out.toString(), "--seeds", "0,1", "--vectors", "2", "--stage1-examples", "16", "--stage1-held-out",
                "4", "--stage1-steps", "2", "--stage1-max-tokens", "40", "--train-rows", "16", "--valid-rows", "4",
                "--test-rows", "8", "--epochs", "1", "--max-tokens", "64", "--batch", "8");
        assertEquals(0, run.exitCode(), run::toString);
        for (String label : List.of("composed", "untrained tag", "domain mismatch", "reference", "mean predictor")) {
            assertTrue(run.out().contains(label), label + " missing:\n" + run.out());
        }
        assertTrue(run.out().contains("seeds 0, 1 (mean ± std)"), run.out());
        assertTrue(run.err().contains("stage 1 <RandSMILES>"), run.err());

        JsonNode json = new ObjectMapper().readTree(out.resolve("zero-shot.json").toFile());
        assertEquals(5, json.get("arms").size());
        assertEquals(2, json.get("seeds").size());
        assertEquals(2, json.get("arms").get("composed").get("mse").get("n").asInt());
        assertEquals(0.0, json.get("arms").get("mean").get("pearson").get("mean").asDouble(), 0,
                "a constant correlates 0 by Metrics' convention");
        assertTrue(json.get("seeds").get(0).get("metrics").get("composed").get("mse").isNumber());
        String md = Files.readString(out.resolve("zero-shot.md"));
        assertTrue(md.contains("| arm | tags | test SMILES | MSE | Pearson | Spearman |"), md);
        assertTrue(md.contains("| composed | `<RandSMILES>` + `<QED>` | randomised |"), md);
        assertTrue(md.startsWith("## Zero-shot composition"), "a section of its own in RESULTS.md: " + md);
        assertTrue(md.contains("\n`<QED>` learned behind `<SMILES>`"), "markdown would swallow a bare <QED>: " + md);
        assertTrue(Files.isDirectory(out.resolve("seed-1/composed.bank")));
    }

    @Test
    void aDataFolderWithoutTheFilesIsOneLineOfError() throws Exception {
        Path model = tmp.resolve("demo");
        DemoModel.write(model);
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        CliRun run = CliRun.of("zero-shot", "--model", model.toString(), "--data-dir", empty.toString(), "--out",
                tmp.resolve("out").toString());
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode(), run::toString);
        assertTrue(run.err().contains("corpus/smiles.txt") && run.err().lines().count() == 1, run.err());
    }
}
