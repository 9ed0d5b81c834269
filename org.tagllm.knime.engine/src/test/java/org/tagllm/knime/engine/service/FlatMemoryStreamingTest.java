package org.tagllm.knime.engine.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.data.RowRecords;
import org.tagllm.knime.engine.method.DataSource;
import org.tagllm.knime.engine.method.PredictOptions;
import org.tagllm.knime.engine.method.PredictionProgress;
import org.tagllm.knime.engine.method.PredictionStream;
import org.tagllm.knime.engine.method.TagPredictor;

/**
 * Memory flat in the number of rows: the heap in use after {@code FEW} rows and after ten times as many, each with a
 * compound ID of its own, differs by far less than the outcomes of the extra rows would take if anything kept them.
 * Raise the rows with {@code -Dtagllm.flat.rows=N} for a longer run.
 */
class FlatMemoryStreamingTest extends WithServiceFixture {

    private static final int FEW = Integer.getInteger("tagllm.flat.rows", 40_000) / 10;

    @Test
    void theHeapAfterTenTimesTheRowsIsTheHeapAfterTheFirst() throws Exception {
        long many = FEW * 10L;
        RowRecords<Long> library = new RowRecords<>("generated library", List.of("compound_id", "smiles"),
                () -> Stream.iterate(1L, n -> n + 1).limit(many),
                n -> RowRecords.Cells.of(List.of("CPD-" + n, "C".repeat(1 + (int) (n % 9)) + "O")));
        long[] heap = new long[2];
        long rows = 0;
        try (LocalModel model = LocalModel.open(fixture.modelDir);
                TagPredictor predictor = TagPredictor.open(model, fixture.bank, null);
                PredictionStream stream = predictor.stream(DataSource.of("generated library", library),
                        PredictOptions.of(48, 32), PredictionProgress.NONE, () -> false)) {
            for (TagPredictor.Prediction p; (p = stream.next()) != null; ) {
                rows++;
                assertEquals("CPD-" + rows, p.fields().get("compound_id"));
                if (rows == FEW) {
                    heap[0] = usedHeap();
                }
            }
            heap[1] = usedHeap();
        }
        assertEquals(many, rows);
        // The 9 * FEW extra outcomes would take > 200 bytes each (a record, two maps, an array, an ID) if kept.
        long extraIfKept = 9L * FEW * 200;
        long grew = heap[1] - heap[0];
        System.out.printf("heap in use after %d rows: %.1f MB; after %d rows: %.1f MB%n", FEW, heap[0] / 1e6, many,
                heap[1] / 1e6);
        assertTrue(grew < extraIfKept / 4, "the heap grew by " + grew + " bytes from " + FEW + " to " + many
                + " rows (" + heap[0] + " → " + heap[1] + ")");
    }

    private static long usedHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
