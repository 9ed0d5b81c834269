package org.tagllm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code predict} on the streaming path: every input column (a compound ID!) travels with its prediction, {@code
 * --keep} chooses them, and {@code --resume} finishes a run killed with SIGKILL into the very bytes of an
 * uninterrupted run.
 */
class PredictStreamingTest {

    @TempDir
    static Path tmp;

    private static Path model;
    private static Path bank;
    private static final List<String> MOLECULES = CliFixtures.molecules(16);

    @BeforeAll
    static void aTinyBank() throws Exception {
        CliFixtures.LengthBank tiny = CliFixtures.lengthBank(tmp, MOLECULES);
        model = tiny.model();
        bank = tiny.bank();
    }

    /** A library: compound ID, vendor, SMILES (one invalid every 97 rows). */
    private static Path library(String name, int rows) throws Exception {
        StringBuilder s = new StringBuilder("compound_id,vendor,smiles\n");
        for (int i = 1; i <= rows; i++) {
            String smiles = i % 97 == 0 ? "C1CC" : MOLECULES.get(i % MOLECULES.size());
            s.append(String.format("CPD-%06d,v%d,%s%n", i, i % 3, smiles));
        }
        return Files.writeString(tmp.resolve(name), s.toString());
    }

    private static List<CSVRecord> read(Path csv, char delimiter) throws Exception {
        try (Reader r = Files.newBufferedReader(csv)) {
            return CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setHeader().setSkipHeaderRecord(true).get()
                    .parse(r).getRecords();
        }
    }

    @Test
    void everyInputColumnTravelsWithItsPredictionInInputOrder() throws Exception {
        Path data = library("library.csv", 300);
        Path out = tmp.resolve("library-predictions.tsv");
        CliRun predict = CliRun.of("predict", "--model", model.toString(), "--bank", bank.toString(), "--data",
                data.toString(), "--out", out.toString(), "--batch", "8", "--window", "40");
        assertEquals(0, predict.exitCode(), predict::toString);
        assertEquals("row\tcompound_id\tvendor\tsmiles\tLen\tproblem\ttruncated", Files.readAllLines(out).get(0));
        List<CSVRecord> rows = read(out, '\t');
        assertEquals(300, rows.size());
        for (int i = 0; i < rows.size(); i++) {
            CSVRecord r = rows.get(i);
            assertEquals(String.valueOf(i + 1), r.get("row"));
            assertEquals(String.format("CPD-%06d", i + 1), r.get("compound_id"), "the ID stays with its row");
            boolean bad = (i + 1) % 97 == 0;
            assertEquals(bad, !r.get("problem").isEmpty(), r.toString());
            assertEquals(bad, r.get("Len").isEmpty(), r.toString());
        }
        assertTrue(predict.out().contains("predicted 297 of 300 rows (3 with a problem"), predict::toString);
    }

    @Test
    void keepChoosesTheInputColumnsAndAnUnknownOneIsOneLineAndExitOne() throws Exception {
        Path data = library("keep.csv", 20);
        Path out = tmp.resolve("keep-predictions.csv");
        CliRun predict = CliRun.of("predict", "--model", model.toString(), "--bank", bank.toString(), "--data",
                data.toString(), "--out", out.toString(), "--keep", "smiles,compound_id");
        assertEquals(0, predict.exitCode(), predict::toString);
        assertEquals("row,smiles,compound_id,Len,problem,truncated", Files.readAllLines(out).get(0));

        CliRun wrong = CliRun.of("predict", "--model", model.toString(), "--bank", bank.toString(), "--data",
                data.toString(), "--out", tmp.resolve("wrong.csv").toString(), "--keep", "compound_ID");
        assertEquals(1, wrong.exitCode(), wrong::toString);
        assertEquals(1, wrong.err().strip().lines().count(), wrong::toString);
        assertTrue(wrong.err().contains("--keep") && wrong.err().contains("compound_ID")
                && wrong.err().contains("compound_id"), wrong::toString);

        CliRun format = CliRun.of("predict", "--model", model.toString(), "--bank", bank.toString(), "--data",
                data.toString(), "--out", tmp.resolve("predictions.xlsx").toString());
        assertEquals(1, format.exitCode(), format::toString);
        assertEquals(1, format.err().strip().lines().count(), format::toString);
        assertTrue(format.err().contains("predictions.xlsx") && format.err().contains(".csv"), format::toString);
    }

    @Test
    void anSdFileInIsAnSdFileOutWithEveryPropertyAndThePredictionsAsDataItems() throws Exception {
        Path data = tmp.resolve("library.sdf");
        try (var w = new org.openscience.cdk.io.SDFWriter(Files.newBufferedWriter(data))) {
            var parser = new org.openscience.cdk.smiles.SmilesParser(
                    org.openscience.cdk.silent.SilentChemObjectBuilder.getInstance());
            for (int i = 1; i <= 12; i++) {
                var mol = parser.parseSmiles(MOLECULES.get(i));
                mol.setTitle("mol" + i);
                mol.setProperty("compound_id", "CPD-" + i);
                w.write(mol);
            }
        }
        Path out = tmp.resolve("library-predictions.sdf");
        CliRun predict = CliRun.of("predict", "--model", model.toString(), "--bank", bank.toString(), "--data",
                data.toString(), "--out", out.toString());
        assertEquals(0, predict.exitCode(), predict::toString);
        List<org.tagllm.knime.engine.data.read.SourceRecord> records = new java.util.ArrayList<>();
        try (var r = org.tagllm.knime.engine.data.read.RecordReaders.open(out,
                org.tagllm.knime.engine.data.read.ReaderOptions.defaults())) {
            r.forEachRemaining(records::add);
            assertTrue(r.columns().containsAll(List.of("smiles", "_Name", "row", "compound_id", "Len", "problem",
                    "truncated")), r.columns().toString());
        }
        assertEquals(12, records.size());
        for (int i = 0; i < records.size(); i++) {
            var f = records.get(i).fields();
            assertEquals("mol" + (i + 1), f.get("_Name"));
            assertEquals("CPD-" + (i + 1), f.get("compound_id"), "the SD property travels with its molecule");
            assertEquals(String.valueOf(i + 1), f.get("row"));
            Double.parseDouble(f.get("Len"));
        }
    }

    @Test
    void aRunKilledWithSigkillAndResumedWritesTheBytesOfAnUninterruptedRun() throws Exception {
        Path data = library("resume.csv", 20_000);
        String[] common = {"predict", "--model", model.toString(), "--bank", bank.toString(), "--data",
                data.toString(), "--batch", "16", "--window", "64", "--threads", "1"};
        Path whole = tmp.resolve("whole.csv");
        CliRun uninterrupted = CliRun.of(concat(common, "--out", whole.toString()));
        assertEquals(0, uninterrupted.exitCode(), uninterrupted::toString);

        Path out = tmp.resolve("resumed.csv");
        Path state = tmp.resolve("resumed.csv.part.resume");
        Path log = tmp.resolve("killed.log");
        Process child = CliProcess.start(tmp, log, concat(common, "--out", out.toString()));
        boolean midway = CliProcess.await(child, Duration.ofMinutes(3), () -> rowsIn(state) >= 5_000);
        child.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
        assertTrue(child.waitFor(1, TimeUnit.MINUTES));
        assertTrue(midway, "the run did not get halfway: " + CliProcess.log(log));
        long killedAt = rowsIn(state);
        assertTrue(killedAt < 20_000, "killed after " + killedAt + " rows: not halfway");
        assertFalse(Files.exists(out), "an unfinished run has no output under its name");

        CliRun otherBatch = CliRun.of("predict", "--model", model.toString(), "--bank", bank.toString(), "--data",
                data.toString(), "--batch", "8", "--window", "64", "--threads", "1", "--out", out.toString(),
                "--resume");
        assertEquals(1, otherBatch.exitCode(), otherBatch::toString);
        assertTrue(otherBatch.err().contains("other options"), otherBatch::toString);

        CliRun resumed = CliRun.of(concat(common, "--out", out.toString(), "--resume"));
        assertEquals(0, resumed.exitCode(), resumed::toString);
        assertTrue(resumed.err().contains("resuming"), resumed::toString);
        assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(out), "resumed after row " + killedAt);
        assertFalse(Files.exists(state), "the resume state is gone once the output is complete");
    }

    private static long rowsIn(Path state) {
        try {
            return Files.exists(state) ? ResumeState.read(state).rows() : 0;
        } catch (Exception e) {
            return 0; // being replaced right now
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
