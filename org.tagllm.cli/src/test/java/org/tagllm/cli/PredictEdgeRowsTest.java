package org.tagllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: a predictions CSV lost the input of a row with a wrong field count (all input columns, when it was the
 * first row) and wrote a NUL byte raw.
 */
class PredictEdgeRowsTest {

    @TempDir
    static Path tmp;

    static Path model;
    static Path bank;

    private static final List<String> MOLECULES = CliFixtures.molecules(8);

    @BeforeAll
    static void aTinyBank() throws Exception {
        CliFixtures.LengthBank tiny = CliFixtures.lengthBank(tmp, MOLECULES);
        model = tiny.model();
        bank = tiny.bank();
    }

    @Test
    void aRowWithAWrongFieldCountKeepsItsTextAndNoControlByteIsWrittenRaw() throws Exception {
        Path data = Files.writeString(tmp.resolve("edge.csv"), "smiles\nCC(C)O,1,\"5\"\nCCO\nC\u0000C\nCC\u0007\n",
                StandardCharsets.UTF_8);
        Path out = tmp.resolve("edge-predictions.csv");
        CliRun predict = CliRun.of("predict", "--model", model.toString(), "--bank", bank.toString(), "--data",
                data.toString(), "--out", out.toString());
        assertEquals(0, predict.exitCode(), predict::toString);

        byte[] bytes = Files.readAllBytes(out);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            assertTrue(b >= 0x20 || b == '\n' || b == '\r' || b == '\t', "control byte " + b + " at offset " + i
                    + ":\n" + new String(bytes, StandardCharsets.UTF_8));
        }
        List<CSVRecord> rows;
        try (Reader r = Files.newBufferedReader(out)) {
            rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r).getRecords();
        }
        assertEquals(4, rows.size());
        assertEquals("CC(C)O,1,\"5\"", rows.get(0).get("smiles"), "the row's own text, quoted as CSV needs");
        assertTrue(rows.get(0).get("problem").startsWith("wrong number of fields"), rows.get(0).get("problem"));
        assertEquals("CCO", rows.get(1).get("smiles"));
        assertTrue(rows.get(1).get("problem").isEmpty());
        assertEquals("C\\u0000C", rows.get(2).get("smiles"), "a NUL shown as an escape, not written raw");
        assertEquals("CC\\u0007", rows.get(3).get("smiles"));
        assertTrue(!rows.get(2).get("problem").isEmpty() && !rows.get(3).get("problem").isEmpty());
    }
}
