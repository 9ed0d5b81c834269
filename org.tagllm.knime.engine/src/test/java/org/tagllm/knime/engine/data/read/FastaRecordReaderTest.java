package org.tagllm.knime.engine.data.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.tagllm.knime.engine.data.read.CsvRecordReaderTest.assertBad;
import static org.tagllm.knime.engine.data.read.CsvRecordReaderTest.assertOk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FastaRecordReaderTest {

    @TempDir
    Path tmp;

    @Test
    void multiLineSequencesAreJoinedAndEmptyRecordsReported() throws IOException {
        Path file = Files.writeString(tmp.resolve("p.fasta"), """
                >sp|P1|A first  protein
                MKT
                AY I

                AKQ
                >P2
                MSS\t
                >P3 no sequence here
                >
                MK
                >P4
                ACD""");
        try (RecordReader reader = RecordReaders.open(file, ReaderOptions.defaults())) {
            assertEquals(List.of("id", "description", "sequence"), reader.columns());
            assertOk(reader.next(), 1, 1, Map.of("id", "sp|P1|A", "description", "first  protein",
                    "sequence", "MKTAYIAKQ"));
            assertOk(reader.next(), 2, 6, Map.of("id", "P2", "description", "", "sequence", "MSS"));
            assertBad(reader.next(), 3, 8, "FASTA record without a sequence");
            assertBad(reader.next(), 4, 9, "FASTA header without an id");
            assertOk(reader.next(), 5, 11, Map.of("id", "P4", "description", "", "sequence", "ACD"));
            assertEquals(false, reader.hasNext());
            assertEquals(1, reader.blankLines());
        }
    }

    @Test
    void textBeforeTheFirstHeaderIsOneBadRecord() throws IOException {
        Path file = Files.writeString(tmp.resolve("p.fa"), "MKTAYI\n\nQQQ\n>P1 x\nMK\n");
        List<SourceRecord> records = Records.all(file);
        assertEquals(2, records.size(), Records.describe(records));
        assertBad(records.get(0), 1, 1, "text before the first FASTA header", "2 lines before the first '>'");
        assertEquals("MKTAYI", records.get(0).parseError().text());
        assertOk(records.get(1), 2, 4, Map.of("id", "P1", "description", "x", "sequence", "MK"));
    }

    /** Which letters a sequence may hold is the protein normaliser's call: the reader passes a digit on unchanged. */
    @Test
    void sequenceLettersAreLeftToTheNormaliser() throws IOException {
        Path file = Files.writeString(tmp.resolve("p.faa"), ">P1\nMK7T\n");
        assertEquals("MK7T", Records.all(file).get(0).fields().get("sequence"));
    }

    @Test
    void sequenceBeyondTheRecordLimitIsABadRecord() throws IOException {
        String longLines = ("A".repeat(60) + "\n").repeat(100);
        Path file = Files.writeString(tmp.resolve("long.fasta"), ">big\n" + longLines + ">small\nMK\n");
        List<SourceRecord> records = Records.all(file, ReaderOptions.defaults().withMaxRecordChars(1000));
        assertBad(records.get(0), 1, 1, "record too long", "a sequence of 6000 characters; the limit is 1000");
        assertOk(records.get(1), 2, 102, Map.of("id", "small", "description", "", "sequence", "MK"));
    }
}
