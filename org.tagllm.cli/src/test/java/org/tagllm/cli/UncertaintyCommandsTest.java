package org.tagllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.demo.DemoModel;

/** train --ensemble / calibration → predict's uncertainty columns, on the demo model. */
class UncertaintyCommandsTest {

    @TempDir
    static Path tmp;

    static Path model;
    static Path smilesBank;
    static Path data;

    @BeforeAll
    static void stageOne() throws Exception {
        model = tmp.resolve("demo");
        DemoModel.write(model);
        StringBuilder table = new StringBuilder("smiles,carbons\n");
        StringBuilder corpus = new StringBuilder();
        String[] ends = {"O", "N", "Cl", "C(=O)O", "c1ccccc1"};
        for (int chain = 1; chain <= 12; chain++) {
            for (String end : ends) {
                String smiles = "C".repeat(chain) + end;
                table.append(smiles).append(',').append(smiles.chars().filter(c -> c == 'C' || c == 'c').count())
                        .append('\n');
                corpus.append(smiles).append('\n');
            }
        }
        data = Files.writeString(tmp.resolve("carbons.csv"), table.toString());
        Path corpusFile = Files.writeString(tmp.resolve("corpus.smi"), corpus.toString());
        smilesBank = tmp.resolve("smiles.bank");
        CliRun run = CliRun.of("pretrain-domain", "--model", model.toString(), "--corpus", "<SMILES>=" + corpusFile,
                "--out", smilesBank.toString(), "--vectors", "4", "--max-steps", "4", "--batch", "4");
        assertEquals(0, run.exitCode(), run::toString);
    }

    @Test
    void anEnsembleWithCalibrationGivesEveryColumn() throws Exception {
        Path bank = tmp.resolve("ensemble.bank");
        Path json = tmp.resolve("ensemble.json");
        CliRun train = train(bank, "--ensemble", "2", "--json", json.toString());
        assertEquals(0, train.exitCode(), train::toString);
        String manifest = Files.readString(bank.resolve("bank.json"));
        assertTrue(manifest.contains("\"calibrations\"") && manifest.contains("\"<Carbons-m2>\""), manifest);
        JsonNode test = new ObjectMapper().readTree(json.toFile()).get("test");
        assertTrue(test.has("uq.coverage") && test.has("uq.interval_width") && test.has("rmse"), test.toString());

        assertEquals("row,smiles,carbons,Carbons,Carbons_low,Carbons_high,Carbons_sd,ad_similarity,ad_percentile,"
                + "outside_domain,problem,truncated", header(predict(bank, "all.csv")));
        assertEquals("row,smiles,carbons,Carbons,Carbons_sd,problem,truncated",
                header(predict(bank, "plain.csv", "--no-uncertainty")));
        // A row's interval holds its value.
        String[] first = Files.readAllLines(tmp.resolve("all.csv")).get(1).split(",");
        double value = Double.parseDouble(first[3]);
        assertTrue(Double.parseDouble(first[4]) <= value && value <= Double.parseDouble(first[5]),
                String.join(",", first));
        assertTrue(first[9].equals("true") || first[9].equals("false"), first[9]);
    }

    @Test
    void withoutCalibrationPredictionsLookAsBefore() throws Exception {
        Path bank = tmp.resolve("plain.bank");
        CliRun train = train(bank, "--no-calibration");
        assertEquals(0, train.exitCode(), train::toString);
        assertFalse(Files.readString(bank.resolve("bank.json")).contains("calibrations"));
        assertEquals("row,smiles,carbons,Carbons,problem,truncated", header(predict(bank, "before.csv")));
    }

    /** --domain --no-calibration: the applicability domain alone, so its columns and no interval. */
    @Test
    void aDomainOnlyBankPredictsDomainColumnsAndNoInterval() throws Exception {
        Path bank = tmp.resolve("domain.bank");
        Path json = tmp.resolve("domain.json");
        CliRun train = train(bank, "--no-calibration", "--domain", "--json", json.toString());
        assertEquals(0, train.exitCode(), train::toString);
        String manifest = Files.readString(bank.resolve("bank.json"));
        assertTrue(manifest.contains("\"calibrations\"") && !manifest.contains("interval_quantile"), manifest);
        JsonNode test = new ObjectMapper().readTree(json.toFile()).get("test");
        assertTrue(test.has("uq.flag_rate") && !test.has("uq.coverage"), test.toString());
        assertEquals("row,smiles,carbons,Carbons,ad_similarity,ad_percentile,outside_domain,problem,truncated",
                header(predict(bank, "domain.csv")));
    }

    /** --no-domain: the intervals without the applicability domain, so no domain column and no domain tensors. */
    @Test
    void aCalibrationOnlyBankPredictsIntervalsAndNoDomainColumns() throws Exception {
        Path bank = tmp.resolve("intervals.bank");
        CliRun train = train(bank, "--no-domain");
        assertEquals(0, train.exitCode(), train::toString);
        String manifest = Files.readString(bank.resolve("bank.json"));
        assertTrue(manifest.contains("interval_quantile") && manifest.contains("\"domain\" : false")
                && !manifest.contains(".readouts"), manifest);
        assertEquals("row,smiles,carbons,Carbons,Carbons_low,Carbons_high,problem,truncated",
                header(predict(bank, "intervals.csv")));
    }

    /** A protein task's calibrated bank gives ad_identity: 1 for a training sequence, below for an unseen one. */
    @Test
    void aProteinTaskGivesTheIdentityToTheNearestTrainingSequence() throws Exception {
        StringBuilder table = new StringBuilder("sequence,lysines\n");
        StringBuilder corpus = new StringBuilder();
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < 40; i++) {
            StringBuilder s = new StringBuilder();
            for (int j = 0; j < 12; j++) {
                s.append("ACDEFGHIKLMNPQRSTVWY".charAt(r.nextInt(20)));
            }
            table.append(s).append(',').append(s.chars().filter(c -> c == 'K').count()).append('\n');
            corpus.append(s).append('\n');
        }
        Path proteins = Files.writeString(tmp.resolve("lysines.csv"), table.toString());
        Path proteinBank = tmp.resolve("protein.bank");
        CliRun pretrain = CliRun.of("pretrain-domain", "--model", model.toString(), "--corpus", "<Protein>="
                + Files.writeString(tmp.resolve("proteins.txt"), corpus.toString()), "--out", proteinBank.toString(),
                "--vectors", "2", "--max-steps", "2", "--batch", "4");
        assertEquals(0, pretrain.exitCode(), pretrain::toString);
        Path bank = tmp.resolve("lysines.bank");
        CliRun train = CliRun.of("train", "--model", model.toString(), "--bank", proteinBank.toString(), "--data",
                proteins.toString(), "--function-tag", "<Lysines>", "--input", "sequence:protein=<Protein>",
                "--target", "lysines", "--out", bank.toString(), "--vectors", "2", "--max-steps", "2", "--batch",
                "8", "--valid", "0.3", "--test", "0.2");
        assertEquals(0, train.exitCode(), train::toString);
        String trainingSequence = org.tagllm.knime.engine.bank.TagBank.read(bank).referenceSequences("<Lysines>")
                .orElseThrow().sequences().get(0);
        Path unseen = Files.writeString(tmp.resolve("unseen.csv"), "sequence\nWWWWWWWWWWWW\n" + trainingSequence
                + "\n");
        Path out = tmp.resolve("lysines-out.csv");
        CliRun predict = CliRun.of("predict", "--model", model.toString(), "--bank", bank.toString(), "--data",
                unseen.toString(), "--out", out.toString());
        assertEquals(0, predict.exitCode(), predict::toString);
        List<String> lines = Files.readAllLines(out);
        List<String> header = List.of(lines.get(0).split(","));
        int identity = header.indexOf("ad_identity");
        assertTrue(identity > 0, lines.get(0));
        double far = Double.parseDouble(lines.get(1).split(",")[identity]);
        double near = Double.parseDouble(lines.get(2).split(",")[identity]);
        assertTrue(far < 0.2, "WWW… shares almost no 3-mer with the training kinases: " + far);
        assertEquals(1.0, near, 0, "a training sequence is its own nearest: " + lines);
    }

    @Test
    void badEnsembleAndCoverageAreOneLine() throws Exception {
        CliRun zero = train(tmp.resolve("bad.bank"), "--ensemble", "0");
        assertEquals(1, zero.exitCode(), zero::toString);
        assertTrue(zero.err().contains("--ensemble 0"), zero.err());
        CliRun coverage = train(tmp.resolve("bad2.bank"), "--coverage", "1.5");
        assertEquals(1, coverage.exitCode(), coverage::toString);
        assertTrue(coverage.err().contains("--coverage 1.5"), coverage.err());
        assertFalse(coverage.err().contains("Exception"), coverage.err());
    }

    /**
     * Cross-conformal: three members, the quantile over their out-of-fold rows (stored with its fold count), the same
     * columns; asking for it without calibration is one line. (This table's two scaffold families are both too big
     * to hold out, so the folds here are of single rows, the random split's.)
     */
    @Test
    void crossConformalStoresItsFoldsAndGivesTheSameColumns() throws Exception {
        Path bank = tmp.resolve("cross.bank");
        CliRun train = train(bank, "--cross-conformal", "--ensemble", "3");
        assertEquals(0, train.exitCode(), train::toString);
        JsonNode manifest = new ObjectMapper().readTree(bank.resolve("bank.json").toFile());
        JsonNode calibration = manifest.get("calibrations").get(0);
        assertEquals(3, calibration.get("conformal_folds").asInt(), calibration.toString());
        assertEquals(3, manifest.get("ensembles").get(0).get("members").size(), manifest.toString());
        assertEquals("row,smiles,carbons,Carbons,Carbons_low,Carbons_high,Carbons_sd,ad_similarity,ad_percentile,"
                + "outside_domain,problem,truncated", header(predict(bank, "cross.csv")));

        CliRun bad = train(tmp.resolve("bad3.bank"), "--cross-conformal", "--no-calibration");
        assertEquals(1, bad.exitCode(), bad::toString);
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
        assertTrue(bad.err().contains("--cross-conformal"), bad.err());
    }

    private static CliRun train(Path bank, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--model", model.toString(), "--bank",
                smilesBank.toString(), "--data", data.toString(), "--function-tag", "<Carbons>", "--input",
                "smiles:smiles=<SMILES>", "--target", "carbons", "--out", bank.toString(), "--vectors", "4",
                "--epochs", "1", "--batch", "8", "--valid", "0.3", "--test", "0.2"));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static Path predict(Path bank, String out, String... extra) {
        List<String> args = new ArrayList<>(List.of("predict", "--model", model.toString(), "--bank",
                bank.toString(), "--data", data.toString(), "--out", tmp.resolve(out).toString()));
        args.addAll(List.of(extra));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run::toString);
        return tmp.resolve(out);
    }

    private static String header(Path csv) throws Exception {
        return Files.readAllLines(csv).get(0);
    }
}
