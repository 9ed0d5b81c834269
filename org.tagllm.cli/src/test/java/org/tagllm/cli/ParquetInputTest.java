package org.tagllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parquet is an input of every command that reads a table, not only of {@code predict}: the engine's readers see it. */
class ParquetInputTest {

    @TempDir
    Path tmp;

    @Test
    void inspectReadsAParquetTableAsItsCsvTwin() throws Exception {
        Path csv = Files.writeString(tmp.resolve("assay.csv"), """
                smiles,logS,split
                CCO,-0.77,train
                CCN,,train
                c1ccccc1,-2.1,test
                CCO,-0.5,test
                ,1.0,train
                """);
        Path parquet = ParquetFiles.write(tmp.resolve("assay.parquet"), MessageTypeParser.parseMessageType(
                "message assay { optional binary smiles (STRING); optional double logS; required binary split (STRING); }"),
                List.of(new Object[] {"CCO", -0.77, "train"}, new Object[] {"CCN", null, "train"},
                        new Object[] {"c1ccccc1", -2.1, "test"}, new Object[] {"CCO", -0.5, "test"},
                        new Object[] {null, 1.0, "train"}), CompressionCodecName.SNAPPY, 1 << 20);
        JsonNode fromCsv = inspect(csv);
        JsonNode fromParquet = inspect(parquet);
        assertEquals(5, fromParquet.at("/report/rows_read").asLong(), fromParquet::toString);
        assertEquals(fromCsv.at("/report/rows_used"), fromParquet.at("/report/rows_used"));
        assertEquals(fromCsv.at("/targets"), fromParquet.at("/targets"));
        assertEquals(fromCsv.at("/splits"), fromParquet.at("/splits"));
    }

    private JsonNode inspect(Path data) throws Exception {
        Path json = tmp.resolve(data.getFileName() + ".json");
        CliRun run = CliRun.of("inspect", "--data", data.toString(), "--input", "smiles:SMILES", "--target", "logS",
                "--split", "split", "--json", json.toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().startsWith(data + ": 5 rows read: 3 used, 2 skipped"), run::toString);
        return new ObjectMapper().readTree(json.toFile());
    }
}
