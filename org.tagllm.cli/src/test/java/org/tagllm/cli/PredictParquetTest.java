package org.tagllm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code predict} with Parquet in and out: a Parquet library predicts as its CSV twin does, a Parquet output holds the
 * CSV output's values in typed columns, a killed Parquet run resumes into the bytes of an uninterrupted one, and files
 * that are not Parquet, or columns that cannot be SMILES, are one line and exit 1.
 */
class PredictParquetTest {

    @TempDir
    static Path tmp;

    private static Path model;
    private static Path bank;
    private static final List<String> MOLECULES = CliFixtures.molecules(16);

    private static final MessageType LIBRARY = MessageTypeParser.parseMessageType("message library {"
            + " required binary compound_id (STRING); optional binary vendor (STRING); optional double mw;"
            + " optional int32 heavy; optional binary smiles (STRING); }");

    @BeforeAll
    static void aTinyBank() throws Exception {
        CliFixtures.LengthBank tiny = CliFixtures.lengthBank(tmp, MOLECULES);
        model = tiny.model();
        bank = tiny.bank();
    }

    /** Compound ID, vendor (none every 7th), a weight, a count, SMILES (invalid every 97th, none every 89th). */
    private static List<Object[]> library(int rows) {
        List<Object[]> all = new ArrayList<>();
        for (int i = 1; i <= rows; i++) {
            String smiles = i % 89 == 0 ? null : i % 97 == 0 ? "C1CC" : MOLECULES.get(i % MOLECULES.size());
            all.add(new Object[] {String.format("CPD-%06d", i), i % 7 == 0 ? null : "v" + i % 3,
                    i % 11 == 0 ? null : 100 + i / 8.0, i % 13 == 0 ? null : i % 40, smiles});
        }
        return all;
    }

    /** The same rows as CSV: a missing value an empty cell, numbers as Java writes them. */
    private static Path csv(Path file, List<Object[]> rows) throws Exception {
        StringBuilder s = new StringBuilder("compound_id,vendor,mw,heavy,smiles\n");
        for (Object[] r : rows) {
            s.append(String.join(",", Arrays.stream(r).map(v -> v == null ? "" : v.toString()).toList()))
                    .append('\n');
        }
        return Files.writeString(file, s.toString());
    }

    private static CliRun predict(Path data, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("predict", "--model", model.toString(), "--bank",
                bank.toString(), "--data", data.toString(), "--out", out.toString(), "--batch", "8", "--window",
                "40"));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    @ParameterizedTest
    @EnumSource(names = {"SNAPPY", "ZSTD", "GZIP", "UNCOMPRESSED"})
    void aParquetLibraryPredictsAsItsCsvTwinRowGroupByRowGroup(CompressionCodecName codec) throws Exception {
        List<Object[]> rows = library(500);
        Path parquet = ParquetFiles.write(tmp.resolve("library-" + codec + ".parquet"), LIBRARY, rows, codec, 2048);
        assertTrue(ParquetFiles.read(parquet).rowGroups() > 3, "several row groups to read one after another");
        Path fromCsv = tmp.resolve("from-csv-" + codec + ".csv");
        Path fromParquet = tmp.resolve("from-parquet-" + codec + ".csv");
        CliRun c = predict(csv(tmp.resolve("library-" + codec + ".csv"), rows), fromCsv);
        assertEquals(0, c.exitCode(), c::toString);
        CliRun p = predict(parquet, fromParquet);
        assertEquals(0, p.exitCode(), p::toString);
        assertEquals(Files.readString(fromCsv), Files.readString(fromParquet));
        assertTrue(p.out().contains("of 500 rows"), p::toString);
    }

    @Test
    void aParquetOutputHoldsTheCsvOutputsValuesInTypedColumns() throws Exception {
        Path data = csv(tmp.resolve("typed.csv"), library(300));
        Path csvOut = tmp.resolve("typed-out.csv");
        Path parquetOut = tmp.resolve("typed-out.parquet");
        CliRun c = predict(data, csvOut);
        assertEquals(0, c.exitCode(), c::toString);
        CliRun p = predict(data, parquetOut);
        assertEquals(0, p.exitCode(), p::toString);
        assertFalse(Files.exists(tmp.resolve("typed-out.parquet.parts")), "the staging folder is gone");

        List<CSVRecord> expected;
        try (Reader r = Files.newBufferedReader(csvOut)) {
            expected = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r).getRecords();
        }
        ParquetFiles.Contents written = ParquetFiles.read(parquetOut);
        List<String> header = expected.get(0).getParser().getHeaderNames();
        assertEquals(header, written.schema().getFields().stream().map(Type::getName).toList());
        for (Type f : written.schema().getFields()) {
            PrimitiveType t = f.asPrimitiveType();
            switch (f.getName()) {
                case "row" -> assertEquals(PrimitiveTypeName.INT64, t.getPrimitiveTypeName());
                case "Len" -> assertEquals(PrimitiveTypeName.DOUBLE, t.getPrimitiveTypeName());
                default -> {
                    assertEquals(PrimitiveTypeName.BINARY, t.getPrimitiveTypeName(), f.toString());
                    assertEquals(LogicalTypeAnnotation.stringType(), t.getLogicalTypeAnnotation(), f.toString());
                }
            }
        }
        assertEquals(expected.size(), written.rows().size());
        for (int i = 0; i < expected.size(); i++) {
            CSVRecord want = expected.get(i);
            Group got = written.rows().get(i);
            for (int c2 = 0; c2 < header.size(); c2++) {
                String cell = want.get(c2);
                boolean missing = got.getFieldRepetitionCount(c2) == 0;
                String where = "row " + (i + 1) + " column " + header.get(c2);
                if (cell.isEmpty()) {
                    assertTrue(missing, where + ": an empty CSV cell is a null");
                    continue;
                }
                assertFalse(missing, where);
                switch (header.get(c2)) {
                    case "row" -> assertEquals(Long.parseLong(cell), got.getLong(c2, 0), where);
                    case "Len" -> assertEquals(Double.parseDouble(cell), got.getDouble(c2, 0), 0.0, where);
                    default -> assertEquals(cell, got.getString(c2, 0), where);
                }
            }
        }
    }

    @Test
    void aKilledParquetRunResumesIntoTheBytesOfAnUninterruptedRun() throws Exception {
        Path data = csv(tmp.resolve("resume.csv"), library(20_000));
        String[] common = {"predict", "--model", model.toString(), "--bank", bank.toString(), "--data",
                data.toString(), "--batch", "16", "--window", "64", "--threads", "1"};
        // The uninterrupted run in a JVM of its own: what is the same in one JVM (hash orders) may differ in another.
        Path whole = tmp.resolve("whole.parquet");
        Path wholeLog = tmp.resolve("whole.log");
        Process alone = CliProcess.start(tmp, wholeLog, concat(common, "--out", whole.toString()));
        assertTrue(alone.waitFor(5, TimeUnit.MINUTES), "the uninterrupted run did not end");
        assertEquals(0, alone.exitValue(), CliProcess.log(wholeLog));
        assertTrue(ParquetFiles.read(whole).rowGroups() > 1, "row groups of the closed parts, joined");

        Path out = tmp.resolve("resumed.parquet");
        Path state = tmp.resolve("resumed.parquet.part.resume");
        Path log = tmp.resolve("killed.log");
        Process child = CliProcess.start(tmp, log, concat(common, "--out", out.toString()));
        boolean midway = CliProcess.await(child, Duration.ofMinutes(3), () -> rowsIn(state) >= 5_000);
        child.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
        assertTrue(child.waitFor(1, TimeUnit.MINUTES));
        assertTrue(midway, "the run did not get halfway: " + CliProcess.log(log));
        long killedAt = rowsIn(state);
        assertTrue(killedAt < 20_000, "killed after " + killedAt + " rows: not halfway");
        assertFalse(Files.exists(out), "an unfinished run has no output under its name");

        CliRun resumed = CliRun.of(concat(common, "--out", out.toString(), "--resume"));
        assertEquals(0, resumed.exitCode(), resumed::toString);
        assertTrue(resumed.err().contains("resuming"), resumed::toString);
        assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(out), "resumed after row " + killedAt);
        assertFalse(Files.exists(state), "the resume state is gone once the output is complete");
        assertFalse(Files.exists(tmp.resolve("resumed.parquet.parts")), "and so are the parts");
    }

    @Test
    void aFileThatIsNotParquetOrIsCutShortIsOneLineAndExitOne() throws Exception {
        Path text = Files.writeString(tmp.resolve("not-really.parquet"), "compound_id,smiles\nCPD-1,CCO\n");
        CliRun notParquet = predict(text, tmp.resolve("never.csv"));
        assertEquals(1, notParquet.exitCode(), notParquet::toString);
        assertEquals(1, notParquet.err().strip().lines().count(), notParquet::toString);
        assertTrue(notParquet.err().contains("not-really.parquet") && notParquet.err().contains("not a Parquet file"),
                notParquet::toString);
        Path empty = Files.write(tmp.resolve("empty.parquet"), new byte[0]);
        CliRun tooShort = predict(empty, tmp.resolve("never.csv"));
        assertEquals(1, tooShort.exitCode(), tooShort::toString);
        assertTrue(tooShort.err().contains("empty.parquet: not a Parquet file"), tooShort::toString);
        assertFalse(tooShort.err().contains("LocalInputFile@"), "no Java object names: " + tooShort);

        Path good = ParquetFiles.write(tmp.resolve("good.parquet"), LIBRARY, library(50), CompressionCodecName.SNAPPY,
                1 << 20);
        byte[] bytes = Files.readAllBytes(good);
        Path cut = Files.write(tmp.resolve("cut.parquet"), Arrays.copyOf(bytes, bytes.length / 2));
        CliRun truncated = predict(cut, tmp.resolve("never.csv"));
        assertEquals(1, truncated.exitCode(), truncated::toString);
        assertEquals(1, truncated.err().strip().lines().count(), truncated::toString);
        assertTrue(truncated.err().contains("cut.parquet"), truncated::toString);
        assertFalse(Files.exists(tmp.resolve("never.csv")));
    }

    @Test
    void aSmilesColumnOfNumbersIsOneLineNamingTheColumnAndItsType() throws Exception {
        MessageType numbers = MessageTypeParser.parseMessageType("message library {"
                + " required binary compound_id (STRING); optional int64 smiles; }");
        List<Object[]> rows = List.of(new Object[] {"CPD-1", 12L}, new Object[] {"CPD-2", 13L});
        Path data = ParquetFiles.write(tmp.resolve("numbers.parquet"), numbers, rows, CompressionCodecName.SNAPPY,
                1 << 20);
        CliRun run = predict(data, tmp.resolve("numbers.csv"));
        assertEquals(1, run.exitCode(), run::toString);
        assertEquals(1, run.err().strip().lines().count(), run::toString);
        assertTrue(run.err().contains("numbers.parquet") && run.err().contains("'smiles'")
                && run.err().contains("INT64"), run::toString);
    }

    private static long rowsIn(Path state) {
        try {
            return Files.exists(state) ? ResumeState.read(state).rows() : 0;
        } catch (Exception e) {
            return 0; // being replaced right now
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
