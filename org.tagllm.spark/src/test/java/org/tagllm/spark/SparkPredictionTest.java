package org.tagllm.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.pytorch.jni.JniUtils;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.SparkException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.method.DataSource;
import org.tagllm.knime.engine.method.PredictOptions;
import org.tagllm.knime.engine.method.PredictionProgress;
import org.tagllm.knime.engine.method.PredictionStream;
import org.tagllm.knime.engine.method.TagPredictor;
import org.tagllm.knime.engine.predict.PredictionColumns;
import scala.Tuple2;

/**
 * Spark {@code local[2]} against the single-JVM streaming predictor on every real QED row (10,000, six of which CDK
 * refuses) plus a few broken rows, each row with a compound ID that must come through.
 */
class SparkPredictionTest {

    /**
     * Largest difference allowed between a value predicted by Spark and by one JVM. A row's value does not depend on
     * the other rows of its batch in exact arithmetic, but Spark forms batches per partition, so a row may meet other
     * rows and another padded length; libtorch's matrix kernels then sum in another order (float32 rounding, ~1e-7
     * relative per operation through 5 layers). Observed far below this.
     */
    static final double TOLERANCE = 1e-5;

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
        library = fixture.libraryWithIds(tmp.resolve("library.csv"), Integer.MAX_VALUE, List.of("B1,not a molecule,0.5",
                "B2,C1CC,0.5", "B3,,0.5", "B4,C(C)(C)(C)(C)C,0.5"));
        // ~100 kB per partition: the 10,004 rows spread over several partitions and both cores.
        spark = LocalSpark.start(100_000);
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
    void localTwoEqualsTheSingleJvmStreamOnEveryRealQedRowWithTheSameReasons() throws Exception {
        List<List<Object>> expected = singleJvm(library);
        Dataset<Row> input = spark.read().option("header", "true").csv(library.toString());
        assertTrue(input.javaRDD().getNumPartitions() >= 4, "partitions: " + input.javaRDD().getNumPartitions());
        Dataset<Row> scored = TagLlmSpark.predict(input, SparkPredictOptions.of(fixture.model.toString(),
                fixture.bank.toString()));
        List<Row> rows = scored.collectAsList();

        // Spark ignores case in names by default: the prediction QED beside the input qed is QED_2.
        assertEquals(List.of("row", "id", "smiles", "qed", "QED_2", "problem", "truncated"),
                List.of(scored.columns()));
        assertEquals(expected.size(), rows.size());
        assertEquals(10_004, rows.size());
        int problems = 0;
        double largest = 0;
        for (int i = 0; i < rows.size(); i++) {
            Row got = rows.get(i);
            List<Object> want = expected.get(i);
            assertEquals(want.get(0), got.get(0), "row number, row " + i);
            for (int c = 1; c < want.size(); c++) {
                if (want.get(c) instanceof Double w) {
                    double d = Math.abs(w - got.getDouble(c));
                    largest = Math.max(largest, d);
                    assertTrue(d <= TOLERANCE, "row " + want.get(0) + " " + scored.columns()[c] + ": " + w + " vs "
                            + got.get(c));
                } else {
                    assertEquals(want.get(c), got.get(c), "row " + want.get(0) + " column " + scored.columns()[c]);
                }
            }
            problems += got.isNullAt(5) ? 0 : 1;
        }
        System.out.printf("spark local[2] vs one JVM on %d rows: largest difference %.3g%n", rows.size(), largest);
        assertEquals(6 + 4, problems, "six QED rows CDK refuses, four broken rows");
        assertTrue(rows.get(10_000).getString(5).contains("smiles"), rows.get(10_000).toString());
        // One model for the whole executor JVM (this one, in local mode): every partition of both cores used it.
        assertEquals(1, PartitionPredictor.modelsUsed(fixture.model));
    }

    @Test
    void aModelFolderMissingOnAnExecutorFailsNamingThePathAndTheHost() throws Exception {
        String host = InetAddress.getLocalHost().getHostName();
        Path missing = tmp.resolve("nowhere/stories260K");
        Dataset<Row> input = spark.read().option("header", "true").csv(library.toString()).limit(10);
        SparkPredictOptions options = SparkPredictOptions.of(missing.toString(), fixture.bank.toString());
        // The executors' side on its own: the driver would refuse first (its own check names the driver's host).
        SparkException e = assertThrows(SparkException.class, () -> input.javaRDD().zipWithIndex()
                .mapPartitions(new PartitionPredictor(options, fixture.bank.toString(), List.of("smiles"),
                        new int[] {1}, List.of("smiles"))).count());
        String message = e.getMessage();
        assertTrue(message.contains("no model folder " + missing + " on host " + host), message);
        IllegalStateException driver = assertThrows(IllegalStateException.class, () -> TagLlmSpark.predict(input,
                options));
        assertTrue(driver.getMessage().contains("no model folder " + missing + " on host " + host),
                driver.getMessage());
    }

    @Test
    void aBankSentThroughSparkFilesPredictsAsTheSharedPath() {
        Dataset<Row> input = spark.read().option("header", "true").csv(library.toString()).limit(200);
        SparkPredictOptions shared = SparkPredictOptions.of(fixture.model.toString(), fixture.bank.toString());
        List<Row> viaPath = TagLlmSpark.predict(input, shared).collectAsList();
        List<Row> shipped = TagLlmSpark.predict(input, shared.withShipBank(true)).collectAsList();
        assertEquals(200, shipped.size());
        assertEquals(viaPath, shipped);
    }

    @Test
    void aTaskColumnMissingFromTheTableIsNamedWithTheColumnsItHas() {
        Dataset<Row> input = spark.read().option("header", "true").csv(library.toString()).select("id", "qed");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TagLlmSpark.predict(input,
                SparkPredictOptions.of(fixture.model.toString(), fixture.bank.toString())));
        assertEquals("column 'smiles', read by the task <QED> and so needed, is not in the table; it has [id, qed]",
                e.getMessage());
    }

    @Test
    void keptColumnsAloneComeThroughBesideThePrediction() {
        Dataset<Row> input = spark.read().option("header", "true").csv(library.toString()).limit(50);
        Dataset<Row> scored = TagLlmSpark.predict(input, SparkPredictOptions.of(fixture.model.toString(),
                fixture.bank.toString()).withKeep(List.of("id")));
        assertEquals(List.of("row", "id", "QED", "problem", "truncated"), List.of(scored.columns()));
        Row first = scored.first();
        assertEquals(1L, first.getLong(0));
        assertEquals("Q1", first.getString(1));
        assertNotNull(first.get(2));
        assertNull(first.get(3));
    }

    @Test
    void everyTaskThreadPredictsWithTheThreadsAskedForIt() {
        Dataset<Row> input = spark.read().option("header", "true").csv(library.toString()).limit(400);
        for (int asked : new int[] {2, 1}) {
            SparkPredictOptions options = SparkPredictOptions.of(fixture.model.toString(), fixture.bank.toString())
                    .withThreadsPerTask(asked);
            // libtorch's count is per calling thread: read it on each task's own thread, after its partition.
            List<Integer> seen = input.javaRDD().zipWithIndex().mapPartitions((Iterator<Tuple2<Row, Long>> it) -> {
                Iterator<Row> out = new PartitionPredictor(options, fixture.bank.toString(), List.of("smiles"),
                        new int[] {1}, List.of("smiles")).call(it);
                out.forEachRemaining(r -> {});
                return List.of(JniUtils.getNumThreads()).iterator();
            }).collect();
            assertTrue(seen.size() >= 1 && seen.stream().allMatch(n -> n == asked), asked + " asked, seen " + seen);
        }
    }

    /** The single-JVM stream's output cells for {@code file}, as {@code tagllm predict} lays them out. */
    private static List<List<Object>> singleJvm(Path file) throws Exception {
        List<List<Object>> out = new ArrayList<>();
        try (LocalModel model = LocalModel.open(fixture.model);
                TagPredictor predictor = TagPredictor.open(model, TagBank.read(fixture.bank), null);
                PredictionStream stream = predictor.stream(DataSource.of(file), PredictOptions.of(
                        TagPredictor.BANK_LIMIT, SparkPredictOptions.DEFAULT_BATCH), PredictionProgress.NONE,
                        () -> false)) {
            PredictionColumns columns = PredictionColumns.builder(predictor, stream.inputColumns()).build();
            long index = 0;
            for (TagPredictor.Prediction p; (p = stream.next()) != null; ) {
                out.add(columns.cells(p, index++));
            }
        }
        return out;
    }
}
