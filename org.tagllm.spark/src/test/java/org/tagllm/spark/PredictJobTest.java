package org.tagllm.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spark-submit job in {@code local[2]}: CSV and Parquet in and out, its one-line refusals and exit codes. */
class PredictJobTest {

    @TempDir
    static Path tmp;

    static QedBank fixture;
    static Path library;
    static SparkSession spark;

    @BeforeAll
    static void setUp() throws Exception {
        if (QedBank.absent() != null) {
            return;
        }
        fixture = QedBank.create(tmp);
        library = fixture.libraryWithIds(tmp.resolve("library.csv"), 300, List.of("B1,not a molecule,0.5"));
        spark = LocalSpark.start(8_000);
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @BeforeEach
    void requireSharedData() {
        String absent = QedBank.absent();
        assumeTrue(absent == null, absent);
    }

    @Test
    void csvInParquetOutHoldsWhatTheApiReturns() {
        Path out = tmp.resolve("scored.parquet");
        Run run = run("--model", fixture.model.toString(), "--bank", fixture.bank.toString(), "--data",
                library.toString(), "--out", out.toString());
        assertEquals(0, run.exit, run.err);
        assertEquals("wrote " + out + "\n", run.out);
        Dataset<Row> written = spark.read().parquet(out.toString()).orderBy("row");
        Dataset<Row> api = TagLlmSpark.predict(spark.read().option("header", "true").csv(library.toString()),
                SparkPredictOptions.of(fixture.model.toString(), fixture.bank.toString()));
        assertEquals(List.of(api.columns()), List.of(written.columns()));
        assertEquals(api.collectAsList(), written.collectAsList());
        assertEquals(301, written.count());
        assertTrue(written.filter("row = 301").first().getString(5).startsWith("smiles: "));
    }

    @Test
    void parquetInCsvOutKeepsTheChosenColumns() {
        Path parquet = tmp.resolve("library.parquet");
        spark.read().option("header", "true").csv(library.toString()).write().parquet(parquet.toString());
        Path out = tmp.resolve("scored.csv");
        Run run = run("--model", fixture.model.toString(), "--bank", fixture.bank.toString(), "--ship-bank",
                "--data", parquet.toString(), "--out", out.toString(), "--keep", "id", "--batching",
                "pad-to-longest", "--batch", "16");
        assertEquals(0, run.exit, run.err);
        Dataset<Row> written = spark.read().option("header", "true").csv(out.toString());
        assertEquals(List.of("row", "id", "QED", "problem", "truncated"), List.of(written.columns()));
        assertEquals(301, written.count());
    }

    @Test
    void anExistingOutputIsRefusedInOneLineBeforeAnyRowIsPredicted() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("taken.parquet"));
        Run run = run("--model", fixture.model.toString(), "--bank", fixture.bank.toString(), "--data",
                library.toString(), "--out", out.toString());
        assertEquals(1, run.exit);
        assertEquals("tagllm-spark-predict: --out " + out + " exists; give a new path (Spark writes a folder of part "
                + "files)\n", run.err);
    }

    @Test
    void anUnknownExtensionOrBatchingIsNamed() {
        Run ext = run("--model", fixture.model.toString(), "--bank", fixture.bank.toString(), "--data",
                library.toString(), "--out", tmp.resolve("scored.txt").toString());
        assertEquals(1, ext.exit);
        assertTrue(ext.err.startsWith("tagllm-spark-predict: --out " + tmp.resolve("scored.txt") + ": name a .csv "
                + "or .parquet path"), ext.err);
        Run mode = run("--model", "m", "--bank", "b", "--data", "d.csv", "--out", "o.csv", "--batching", "sorted");
        assertEquals(2, mode.exit);
        assertTrue(mode.err.contains("'sorted': give by-length or pad-to-longest"), mode.err);
    }

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = PredictJob.run(spark, args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }
}
