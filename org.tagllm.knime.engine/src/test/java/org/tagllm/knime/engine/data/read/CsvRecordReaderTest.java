package org.tagllm.knime.engine.data.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed records cost themselves only; valid CSV reads exactly as Commons CSV writes it. */
class CsvRecordReaderTest {

    @TempDir
    Path tmp;

    @Test
    void malformedRecordsAreReportedAndTheRestSurvive() throws IOException {
        Path file = write("messy.csv", """
                smiles,logS
                CCO,-0.77
                CC(C)O,1,5
                c1ccccc1
                "CC"O,-1.0
                CCN,-2.5
                "C,C",-3
                "C
                C",-4
                "CO""x",0.5
                """);
        List<SourceRecord> records = Records.all(file);
        String all = Records.describe(records);
        assertEquals(8, records.size(), all);

        assertOk(records.get(0), 1, 2, Map.of("smiles", "CCO", "logS", "-0.77"));
        assertBad(records.get(1), 2, 3, "wrong number of fields", "3 fields where the header has 2",
                "quote values that contain ','");
        assertEquals("CC(C)O,1,5", records.get(1).parseError().text());
        assertBad(records.get(2), 3, 4, "wrong number of fields", "1 fields where the header has 2");
        assertBad(records.get(3), 4, 5, "bad quoting", "text after the closing quote");
        assertOk(records.get(4), 5, 6, Map.of("smiles", "CCN", "logS", "-2.5"));
        assertOk(records.get(5), 6, 7, Map.of("smiles", "C,C", "logS", "-3"));
        assertOk(records.get(6), 7, 8, Map.of("smiles", "C\nC", "logS", "-4"));
        assertOk(records.get(7), 8, 10, Map.of("smiles", "CO\"x", "logS", "0.5"));
    }

    /** An unmatched quote swallows lines up to the next quote; the damage is that one record, named by its lines. */
    @Test
    void brokenQuoteCostsOneRecordSpanningTheLinesItSwallowed() throws IOException {
        Path file = write("quote.csv", """
                a,b
                1,2
                3,"4
                5,6
                7,"8",9
                10,11
                """);
        List<SourceRecord> records = Records.all(file);
        assertEquals(3, records.size(), Records.describe(records));
        assertOk(records.get(0), 1, 2, Map.of("a", "1", "b", "2"));
        assertBad(records.get(1), 2, 3, "bad quoting", "lines 3–5 read as one record");
        assertOk(records.get(2), 3, 6, Map.of("a", "10", "b", "11"));
    }

    @Test
    void quoteNeverClosedIsFatalAndNamesItsLine() throws IOException {
        Path file = write("open.csv", "a,b\n1,2\n3,\"4\n5,6\n7,8\n");
        try (RecordReader reader = RecordReaders.open(file, ReaderOptions.defaults())) {
            assertEquals(Map.of("a", "1", "b", "2"), reader.next().fields());
            UncheckedIOException e = assertThrows(UncheckedIOException.class, reader::hasNext);
            assertTrue(e.getCause() instanceof DataFileException, e.toString());
            String m = e.getCause().getMessage();
            assertTrue(m.startsWith(file + " line 3: a quoted field opened on this line is never closed"), m);
            assertTrue(m.contains("the file ends at line 5"), m);
            assertFalse(reader.hasNext(), "nothing after a fatal error");
        }
    }

    @Test
    void quoteOpenBeyondTheRecordLimitIsFatal() throws IOException {
        StringBuilder text = new StringBuilder("a,b\n1,\"2\n");
        for (int i = 0; i < 50; i++) {
            text.append("0123456789,0123456789\n");
        }
        Path file = write("runaway.csv", text.toString());
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> Records.all(file, ReaderOptions.defaults().withMaxRecordChars(200)));
        assertTrue(e.getCause().getMessage().contains("line 2: a quoted field opened on this line is still open at "
                + "line 11, after more than 200 characters"), e.getCause().getMessage());
    }

    @Test
    void overlongLineIsABadRecordAndReadingGoesOn() throws IOException {
        Path file = write("long.csv", "smiles,y\n" + "C".repeat(5000) + ",1\nCCO,2\n");
        List<SourceRecord> records = Records.all(file, ReaderOptions.defaults().withMaxRecordChars(1000));
        assertEquals(2, records.size());
        assertBad(records.get(0), 1, 2, "record too long", "a line of 5002 characters; the limit is 1000");
        assertTrue(records.get(0).parseError().text().length() <= 80);
        assertOk(records.get(1), 2, 3, Map.of("smiles", "CCO", "y", "2"));
    }

    @Test
    void byteOrderMarkCarriageReturnsAndBlankLines() throws IOException {
        Path file = tmp.resolve("excel.csv");
        Files.write(file, "\uFEFFsmiles , y\r\nCCO,1\r\n\r\n  \r\nCCN,2\rCCC,3".getBytes(StandardCharsets.UTF_8));
        try (RecordReader reader = RecordReaders.open(file, ReaderOptions.defaults())) {
            assertEquals(List.of("smiles", "y"), reader.columns(), "mark dropped, names stripped");
            List<SourceRecord> records = new ArrayList<>();
            reader.forEachRemaining(records::add);
            assertOk(records.get(0), 1, 2, Map.of("smiles", "CCO", "y", "1"));
            assertOk(records.get(1), 2, 5, Map.of("smiles", "CCN", "y", "2"));
            assertOk(records.get(2), 3, 6, Map.of("smiles", "CCC", "y", "3"));
            assertEquals(2, reader.blankLines());
        }
    }

    @Test
    void headerFaultsAreFatal() throws IOException {
        DataFileException empty = assertThrows(DataFileException.class,
                () -> RecordReaders.open(write("empty.csv", "\n\n"), ReaderOptions.defaults()));
        assertTrue(empty.getMessage().contains("empty.csv: the file is empty; its first line must name the columns"),
                empty.getMessage());
        DataFileException twice = assertThrows(DataFileException.class,
                () -> RecordReaders.open(write("twice.csv", "a,b,a\n1,2,3\n"), ReaderOptions.defaults()));
        assertTrue(twice.getMessage().contains("line 1: column 'a' appears twice in the header (columns 1 and 3)"),
                twice.getMessage());
    }

    /** pandas writes its unnamed index as a column with an empty name. */
    @Test
    void columnsWithoutANameAreNotRead() throws IOException {
        Path file = write("pandas.csv", ",smiles,y\n0,CCO,1\n");
        try (RecordReader reader = RecordReaders.open(file, ReaderOptions.defaults())) {
            assertEquals(List.of("smiles", "y"), reader.columns());
            assertEquals(Map.of("smiles", "CCO", "y", "1"), reader.next().fields());
        }
    }

    @Test
    void delimiterByExtensionOrOption() throws IOException {
        assertEquals(Map.of("a", "x,y", "b", "2"), Records.all(write("t.tsv", "a\tb\nx,y\t2\n")).get(0).fields());
        Path semicolons = write("european.csv", "a;b\n1,5;2\n");
        assertEquals(Map.of("a", "1,5", "b", "2"),
                Records.all(semicolons, ReaderOptions.defaults().withDelimiter(';')).get(0).fields());
    }

    @Test
    void gzipIsReadThrough() throws IOException {
        Path file = tmp.resolve("table.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(Map.of("a", "1", "b", "2"), Records.all(file).get(0).fields());
    }

    @Test
    void gzipNameOnPlainTextIsAClearError() throws IOException {
        Path file = write("plain.csv.gz", "a,b\n");
        DataFileException e = assertThrows(DataFileException.class, () -> Records.all(file));
        assertTrue(e.getMessage().startsWith(file + ": named .gz but not gzip-compressed"), e.getMessage());
    }

    /** Whatever Commons CSV writes, the record splitter must cut where Commons CSV reads. */
    @Test
    void roundTripOfRandomValidCsv() throws IOException {
        Random random = new Random(20240611);
        String alphabet = "ab,\"\n ;\t'x1";
        List<List<String>> rows = new ArrayList<>();
        for (int r = 0; r < 2000; r++) {
            List<String> row = new ArrayList<>();
            for (int c = 0; c < 3; c++) {
                StringBuilder v = new StringBuilder();
                int length = random.nextInt(6);
                for (int i = 0; i < length; i++) {
                    v.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                row.add(v.toString());
            }
            rows.add(row);
        }
        Path file = tmp.resolve("random.csv");
        try (CSVPrinter printer = new CSVPrinter(Files.newBufferedWriter(file), CSVFormat.DEFAULT)) {
            printer.printRecord("c1", "c2", "c3");
            for (List<String> row : rows) {
                printer.printRecord(row);
            }
        }
        List<SourceRecord> records = Records.all(file);
        assertEquals(rows.size(), records.size());
        for (int r = 0; r < rows.size(); r++) {
            SourceRecord record = records.get(r);
            assertNull(record.parseError(), record::toString);
            List<String> expected = rows.get(r);
            assertEquals(Map.of("c1", expected.get(0), "c2", expected.get(1), "c3", expected.get(2)),
                    record.fields(), "row " + (r + 1));
        }
    }

    /** Records without quotes take a shortcut past Commons CSV, which must cut and count fields as Commons does. */
    @Test
    void quoteFreeRecordsSplitExactlyAsCommonsCsvDoes() throws IOException {
        Random random = new Random(7);
        String alphabet = "ab ;\t,,x'";
        StringBuilder text = new StringBuilder("c1,c2,c3\n");
        for (int r = 0; r < 3000; r++) {
            int length = 1 + random.nextInt(12);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < length; i++) {
                line.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            text.append(line.toString().isBlank() ? "x" : line).append('\n');
        }
        Path file = write("quote-free.csv", text.toString());
        List<SourceRecord> ours = Records.all(file);
        List<CSVRecord> theirs;
        try (CSVParser parser = CSVParser.parse(file, StandardCharsets.UTF_8,
                CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get())) {
            theirs = parser.getRecords();
        }
        assertEquals(theirs.size(), ours.size());
        for (int r = 0; r < ours.size(); r++) {
            CSVRecord expected = theirs.get(r);
            SourceRecord actual = ours.get(r);
            if (expected.size() == 3) {
                assertEquals(Map.of("c1", expected.get(0), "c2", expected.get(1), "c3", expected.get(2)),
                        actual.fields(), "line " + (r + 2));
            } else {
                assertBad(actual, r + 1, r + 2, "wrong number of fields", expected.size() + " fields where");
            }
        }
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(tmp.resolve(name), content);
    }

    static void assertOk(SourceRecord r, long number, long line, Map<String, String> fields) {
        assertNull(r.parseError(), r::toString);
        assertEquals(number, r.number(), r::toString);
        assertEquals(line, r.line(), r::toString);
        assertEquals(fields, r.fields());
    }

    static void assertBad(SourceRecord r, long number, long line, String reason, String... inDetail) {
        assertTrue(r.isBad(), r::toString);
        assertEquals(number, r.number(), r::toString);
        assertEquals(line, r.line(), r::toString);
        assertEquals(reason, r.parseError().reason(), r::toString);
        for (String part : inDetail) {
            assertTrue(r.parseError().detail().contains(part), () -> "'" + part + "' in " + r);
        }
    }
}
