package org.tagllm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.demo.DemoModel;
import org.tagllm.knime.engine.tensor.FloatTensor;

/**
 * The zero-shot swap as the README documents it, on banks {@code train} wrote: two stage-1 {@code <SMILES>} tags from
 * two seeds, a function tag trained behind the first, then {@code compose} with the second as {@code --domain-bank}.
 * The trained bank carries its own {@code <SMILES>}; the one named by {@code --domain-bank} must take its place.
 */
class ComposeZeroShotSwapTest {

    @TempDir
    static Path tmp;

    static Path model;
    static Path smilesSeed0;
    static Path smilesSeed1;
    static Path functionBank;
    static Path data;

    private static final List<String> MOLECULES = CliFixtures.molecules(16);

    @BeforeAll
    static void trainTwoSmilesTagsAndAFunctionTag() throws Exception {
        model = tmp.resolve("demo");
        DemoModel.write(model);
        Path corpus = Files.write(tmp.resolve("corpus.smi"), MOLECULES);
        smilesSeed0 = pretrain(corpus, 0);
        smilesSeed1 = pretrain(corpus, 1);
        StringBuilder table = new StringBuilder("smiles,carbons\n");
        for (String m : MOLECULES) {
            table.append(m).append(',').append(m.chars().filter(c -> c == 'C' || c == 'c').count()).append('\n');
        }
        data = Files.writeString(tmp.resolve("carbons.csv"), table.toString());
        functionBank = tmp.resolve("carbons.bank");
        CliRun train = CliRun.of("train", "--model", model.toString(), "--bank", smilesSeed0.toString(), "--data",
                data.toString(), "--function-tag", "<Carbons>", "--input", "smiles:smiles=<SMILES>", "--target",
                "carbons", "--out", functionBank.toString(), "--vectors", "2", "--max-steps", "2", "--batch", "4");
        assertEquals(0, train.exitCode(), train::toString);
        assertTrue(TagBank.read(functionBank).hasTag("<SMILES>"), "train keeps the domain tag in its bank");
    }

    private static Path pretrain(Path corpus, int seed) {
        Path bank = tmp.resolve("smiles-seed" + seed + ".bank");
        CliRun run = CliRun.of("pretrain-domain", "--model", model.toString(), "--corpus", "<SMILES>=" + corpus,
                "--out", bank.toString(), "--vectors", "2", "--max-steps", "2", "--batch", "4", "--holdout", "0.25",
                "--seed", Integer.toString(seed));
        assertEquals(0, run.exitCode(), run::toString);
        return bank;
    }

    @Test
    void theDomainBanksTagReplacesTheOneTheFunctionTagWasTrainedWith() throws Exception {
        Path composed = tmp.resolve("zero-shot.bank");
        CliRun compose = CliRun.of("compose", "--domain-bank", smilesSeed1.toString(), "--function-bank",
                functionBank.toString(), "--function-tag", "<Carbons>", "--out", composed.toString());
        assertEquals(0, compose.exitCode(), compose::toString);
        assertTrue(compose.out().contains("<SMILES>") && compose.out().contains("replace")
                && compose.out().contains(smilesSeed1.toString()) && compose.out().contains(functionBank.toString()),
                "the output says which tag was replaced, from which bank: " + compose.out());

        FloatTensor swapped = TagBank.read(composed).tag("<SMILES>");
        FloatTensor second = TagBank.read(smilesSeed1).tag("<SMILES>");
        assertArrayEquals(bits(second), bits(swapped), "the composed <SMILES> is the second bank's, bit for bit");
        assertNotEquals(TagBank.read(functionBank).tag("<SMILES>"), swapped, "the two seeds trained different tags");
        assertArrayEquals(bits(TagBank.read(functionBank).tag("<Carbons>")),
                bits(TagBank.read(composed).tag("<Carbons>")), "the function tag is untouched");

        Path trained = tmp.resolve("trained.csv");
        Path zeroShot = tmp.resolve("zero-shot.csv");
        CliRun before = CliRun.of("predict", "--model", model.toString(), "--bank", functionBank.toString(), "--data",
                data.toString(), "--out", trained.toString());
        assertEquals(0, before.exitCode(), before::toString);
        CliRun after = CliRun.of("predict", "--model", model.toString(), "--bank", composed.toString(), "--data",
                data.toString(), "--out", zeroShot.toString());
        assertEquals(0, after.exitCode(), after::toString);
        List<String> a = Files.readAllLines(trained);
        List<String> b = Files.readAllLines(zeroShot);
        assertEquals(a.size(), b.size());
        assertEquals(a.get(0), b.get(0), "same columns");
        int differing = 0;
        for (int i = 1; i < a.size(); i++) {
            differing += a.get(i).equals(b.get(i)) ? 0 : 1;
        }
        assertEquals(a.size() - 1, differing, "every prediction changes with the swapped domain tag:\n" + a + "\n" + b);
    }

    @Test
    void theFunctionBanksOwnTagNamedAgainIsNoSwap() {
        Path composed = tmp.resolve("same.bank");
        CliRun compose = CliRun.of("compose", "--domain-bank", smilesSeed0.toString(), "--function-bank",
                functionBank.toString(), "--function-tag", "<Carbons>", "--out", composed.toString());
        assertEquals(0, compose.exitCode(), compose::toString);
        assertTrue(!compose.out().contains("replace") && !compose.out().contains("zero-shot"), compose.out());
    }

    @Test
    void twoDomainBanksOfferingDifferentTagsAreStillRefused() {
        CliRun compose = CliRun.of("compose", "--domain-bank", smilesSeed0.toString(), "--domain-bank",
                smilesSeed1.toString(), "--function-bank", functionBank.toString(), "--function-tag", "<Carbons>",
                "--out", tmp.resolve("clash.bank").toString());
        assertEquals(1, compose.exitCode(), compose::toString);
        assertEquals(1, compose.err().strip().lines().count(), compose::toString);
        assertTrue(compose.err().contains("different values") && compose.err().contains(smilesSeed0.toString())
                && compose.err().contains(smilesSeed1.toString()), compose::toString);
        assertTrue(Files.notExists(tmp.resolve("clash.bank")));
    }

    private static int[] bits(FloatTensor t) {
        float[] values = t.values();
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }
}
