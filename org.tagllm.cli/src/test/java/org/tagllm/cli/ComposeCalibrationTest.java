package org.tagllm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.bank.Calibration;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.demo.DemoModel;
import org.tagllm.knime.engine.tensor.FloatTensor;

/**
 * {@code compose} and a calibrated ensemble: the calibration (conformal quantile, applicability-domain reference)
 * belongs to the function tag as trained with its domain tags. Composed with the same domain tag values it still holds
 * and is kept, with the ensemble; composed with another domain tag (the zero-shot swap) it no longer applies, is
 * dropped, and the output says so.
 */
class ComposeCalibrationTest {

    @TempDir
    static Path tmp;

    static Path model;
    static Path smilesSeed0;
    static Path smilesSeed1;
    static Path functionBank;
    static Path data;

    @BeforeAll
    static void trainACalibratedEnsemble() throws Exception {
        model = tmp.resolve("demo");
        DemoModel.write(model);
        StringBuilder table = new StringBuilder("smiles,carbons\n");
        StringBuilder corpus = new StringBuilder();
        for (int chain = 1; chain <= 12; chain++) {
            for (String end : new String[] {"O", "N", "Cl", "C(=O)O", "c1ccccc1"}) {
                String smiles = "C".repeat(chain) + end;
                table.append(smiles).append(',').append(smiles.chars().filter(c -> c == 'C' || c == 'c').count())
                        .append('\n');
                corpus.append(smiles).append('\n');
            }
        }
        data = Files.writeString(tmp.resolve("carbons.csv"), table.toString());
        Path corpusFile = Files.writeString(tmp.resolve("corpus.smi"), corpus.toString());
        smilesSeed0 = pretrain(corpusFile, 0);
        smilesSeed1 = pretrain(corpusFile, 1);
        functionBank = tmp.resolve("carbons.bank");
        CliRun train = CliRun.of("train", "--model", model.toString(), "--bank", smilesSeed0.toString(), "--data",
                data.toString(), "--function-tag", "<Carbons>", "--input", "smiles:smiles=<SMILES>", "--target",
                "carbons", "--out", functionBank.toString(), "--vectors", "2", "--max-steps", "2", "--batch", "8",
                "--valid", "0.3", "--test", "0.2", "--ensemble", "2");
        assertEquals(0, train.exitCode(), train::toString);
        assertTrue(TagBank.read(functionBank).calibration("<Carbons>").isPresent());
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
    void theSameDomainTagKeepsTheCalibrationAndEnsembleAndPredictsAsTheTrainedBank() throws Exception {
        Path composed = tmp.resolve("same.bank");
        CliRun compose = CliRun.of("compose", "--domain-bank", smilesSeed0.toString(), "--function-bank",
                functionBank.toString(), "--function-tag", "<Carbons>", "--out", composed.toString());
        assertEquals(0, compose.exitCode(), compose::toString);
        assertTrue(compose.out().contains("kept the calibration of <Carbons>"), compose.out());
        assertFalse(compose.out().contains("dropped"), compose.out());

        TagBank trained = TagBank.read(functionBank);
        TagBank kept = TagBank.read(composed);
        Calibration a = trained.calibration("<Carbons>").orElseThrow();
        Calibration b = kept.calibration("<Carbons>").orElseThrow();
        assertEquals(a.entry(), b.entry());
        assertArrayEquals(bits(a.readouts()), bits(b.readouts()));
        assertArrayEquals(bits(a.readoutDistances()), bits(b.readoutDistances()));
        assertArrayEquals(bits(a.fingerprints()), bits(b.fingerprints()));
        assertEquals(trained.ensemble("<Carbons>"), kept.ensemble("<Carbons>"));
        assertArrayEquals(bits(trained.tag("<Carbons-m2>")), bits(kept.tag("<Carbons-m2>")));

        List<String> before = predict(functionBank, "trained.csv");
        List<String> after = predict(composed, "composed.csv");
        assertTrue(before.get(0).contains("Carbons_low") && before.get(0).contains("ad_percentile"), before.get(0));
        assertEquals(before, after, "the composed bank predicts, with its intervals and domain, as the trained one");
    }

    @Test
    void aSwappedDomainTagDropsTheCalibrationAndSaysSo() throws Exception {
        Path composed = tmp.resolve("swapped.bank");
        CliRun compose = CliRun.of("compose", "--domain-bank", smilesSeed1.toString(), "--function-bank",
                functionBank.toString(), "--function-tag", "<Carbons>", "--out", composed.toString());
        assertEquals(0, compose.exitCode(), compose::toString);
        assertTrue(compose.out().contains("dropped the calibration of <Carbons>")
                && compose.out().contains("<SMILES>"), compose.out());

        TagBank swapped = TagBank.read(composed);
        assertFalse(swapped.calibration("<Carbons>").isPresent());
        assertEquals(TagBank.read(functionBank).ensemble("<Carbons>"), swapped.ensemble("<Carbons>"),
                "the members stay: their mean and spread are still a prediction");
        String header = predict(composed, "swapped.csv").get(0);
        assertEquals("row,smiles,carbons,Carbons,Carbons_sd,problem,truncated", header);
    }

    private static List<String> predict(Path bank, String out) throws Exception {
        CliRun run = CliRun.of("predict", "--model", model.toString(), "--bank", bank.toString(), "--data",
                data.toString(), "--out", tmp.resolve(out).toString());
        assertEquals(0, run.exitCode(), run::toString);
        return Files.readAllLines(tmp.resolve(out));
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
