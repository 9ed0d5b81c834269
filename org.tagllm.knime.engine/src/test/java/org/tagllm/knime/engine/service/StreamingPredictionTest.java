package org.tagllm.knime.engine.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.data.DataReport;
import org.tagllm.knime.engine.data.RowRecords;
import org.tagllm.knime.engine.method.Batching;
import org.tagllm.knime.engine.method.DataSource;
import org.tagllm.knime.engine.method.PredictOptions;
import org.tagllm.knime.engine.method.PredictionStream;
import org.tagllm.knime.engine.method.PredictionCancelledException;
import org.tagllm.knime.engine.method.PredictionProgress;
import org.tagllm.knime.engine.method.TagPredictor;

/**
 * The streaming form of {@link TagPredictor}: the same outcomes as the list form, in input order, read a batch at a
 * window at a time from records that need not be a file.
 */
class StreamingPredictionTest extends WithServiceFixture {

    @Test
    void theStreamHandsEveryRowToTheSinkInInputOrderAsTheListFormHasIt() throws Exception {
        try (LocalModel model = LocalModel.open(fixture.modelDir);
                TagPredictor predictor = TagPredictor.open(model, fixture.bank, null)) {
            List<TagPredictor.Prediction> listed = predictor.predict(DataSource.of(fixture.table), 48, 8)
                    .predictions();
            List<TagPredictor.Prediction> streamed = new ArrayList<>();
            DataReport report;
            // Batched in input order over one window of every row: the batches of the list form, so every bit.
            try (PredictionStream stream = predictor.stream(DataSource.of(fixture.table), PredictOptions.of(48, 8)
                    .withBatching(Batching.PAD_TO_LONGEST).withWindow(96), PredictionProgress.NONE, () -> false)) {
                for (TagPredictor.Prediction p; (p = stream.next()) != null; ) {
                    streamed.add(p);
                }
                report = stream.report();
            }
            assertEquals(96, report.rowsRead());
            assertEquals(listed.size(), streamed.size());
            for (int i = 0; i < listed.size(); i++) {
                assertEquals(listed.get(i).row(), streamed.get(i).row());
                assertEquals(listed.get(i).inputs(), streamed.get(i).inputs());
                assertArrayEquals(listed.get(i).values(), streamed.get(i).values(), "bit for bit, row " + i);
            }
        }
    }

    @Test
    void rowsThatAreNoFileAreReadAWindowAheadAtMostWhateverTheirNumber() throws Exception {
        AtomicLong pulled = new AtomicLong();
        // Endless rows: the list form could never return; the stream must predict as it reads.
        RowRecords<Long> endless = new RowRecords<>("generated rows", List.of("smiles"),
                () -> Stream.iterate(1L, n -> n + 1).peek(n -> pulled.incrementAndGet()),
                n -> RowRecords.Cells.of(List.of(n == 5 ? "not a molecule" : "C".repeat(1 + (int) (n % 7)))));
        int batch = 8;
        int window = 16;
        List<TagPredictor.Prediction> seen = new ArrayList<>();
        List<Long> aheadAtSink = new ArrayList<>();
        try (LocalModel model = LocalModel.open(fixture.modelDir);
                TagPredictor predictor = TagPredictor.open(model, fixture.bank, null);
                PredictionStream stream = predictor.stream(DataSource.of("generated rows", endless),
                        PredictOptions.of(48, batch).withWindow(window), PredictionProgress.NONE,
                        () -> seen.size() >= 60)) {
            PredictionCancelledException stopped = assertThrows(PredictionCancelledException.class, () -> {
                for (TagPredictor.Prediction p; (p = stream.next()) != null; ) {
                    seen.add(p);
                    aheadAtSink.add(pulled.get() - seen.size());
                }
            });
            // Four whole windows of 16 rows are out; the cancel is seen before the fifth window's first batch.
            assertEquals(64, stopped.rowsDone());
        }
        assertEquals(64, seen.size());
        for (int i = 0; i < seen.size(); i++) {
            assertEquals(i + 1, seen.get(i).row(), "input order");
            assertEquals(Map.of("smiles", seen.get(i).inputs().get("smiles")), seen.get(i).fields(),
                    "every column of the row travels with it");
        }
        assertNotNull(seen.get(4).problem(), "the unreadable row keeps its place, with its reason");
        assertNull(seen.get(4).values());
        assertTrue(aheadAtSink.stream().allMatch(a -> a >= 0 && a <= window), "rows read ahead of the sink: "
                + aheadAtSink);
        assertTrue(pulled.get() <= 64 + window + 1, "read " + pulled.get() + " rows for 64 outcomes");
    }
}
