package org.tagllm.knime.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 300 MB CSV file streams through the loader while the live heap, measured after garbage collection at intervals,
 * stays within a bound far below the file's size.
 *
 * <p>Opt-in, as it takes 12–20 s and more on a busy machine: {@code mvn test -Dtagllm.slow=true} (add
 * {@code -Dgroups=slow} to run only the slow tests).
 */
@Tag("slow")
@EnabledIfSystemProperty(named = "tagllm.slow", matches = "true",
        disabledReason = "slow (300 MB file); run with -Dtagllm.slow=true")
class StreamingMemoryTest {

    private static final long TARGET_BYTES = 300L << 20;
    private static final long BOUND_BYTES = 64L << 20;
    private static final int MEASURE_EVERY = 500_000;
    /** Every 1000th row has a bad target, so the report's bookkeeping is on the measured path too. */
    private static final int BAD_EVERY = 1000;

    @TempDir
    Path tmp;

    @Test
    void memoryStaysFlatOverAFileFarLargerThanTheBound() throws IOException {
        Path file = tmp.resolve("big.csv");
        try {
            long rows = writeBigCsv(file);
            long baseline = liveHeap();
            long peak = 0;
            long used = 0;
            long start = System.nanoTime();
            ColumnMapping mapping = ColumnMapping.builder().input("smiles", ColumnKind.SMILES)
                    .input("note", ColumnKind.TEXT).numericTarget("y").split("split").build();
            // Reading and bookkeeping are measured, not CDK: at about 0.1 ms a molecule it would take minutes.
            DatasetLoader loader = DatasetLoader.builder().badRows(BadRowPolicy.SKIP).trackDuplicates(false)
                    .normalizers(NormalizerRegistry.textOnly()).build();
            DataReport report;
            try (ExampleStream examples = loader.stream(TableSpec.of(file, mapping))) {
                long seen = 0;
                for (Example e; (e = examples.next()) != null; ) {
                    used += e.inputs().size();
                    if (++seen % MEASURE_EVERY == 0) {
                        peak = Math.max(peak, liveHeap() - baseline);
                    }
                }
                report = examples.report();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            peak = Math.max(peak, liveHeap() - baseline);
            System.out.printf(Locale.ROOT, "streaming: %,d rows, %,d MB in %.1f s: %,.0f rows/s, %.0f MB/s; "
                    + "live heap growth at most %.1f MB (bound %d MB)%n", rows, Files.size(file) >> 20, seconds,
                    rows / seconds, Files.size(file) / 1048576.0 / seconds, peak / 1048576.0, BOUND_BYTES >> 20);

            assertEquals(rows, report.rowsRead());
            assertEquals(rows / BAD_EVERY, report.rowsSkipped());
            assertEquals(2 * report.rowsUsed(), used);
            assertTrue(peak < BOUND_BYTES, "live heap grew by " + (peak >> 20) + " MB");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Rows of about 70 bytes, every tenth with a quoted value; returns the row count. */
    private static long writeBigCsv(Path file) throws IOException {
        long rows = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write("smiles,note,y,split\n");
            long bytes = 0;
            while (bytes < TARGET_BYTES) {
                rows++;
                String y = rows % BAD_EVERY == 0 ? "n/a" : Long.toString(rows % 997) + ".25";
                String note = rows % 10 == 0 ? "\"assay " + rows % 13 + ", well \"\"A1\"\"\"" : "plate " + rows % 384;
                String line = "CC(=O)Oc1ccccc1C(=O)N" + rows + "," + note + "," + y + ",train" + rows % 5 + "\n";
                out.write(line);
                bytes += line.length();
            }
        }
        return rows;
    }

    private static long liveHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
