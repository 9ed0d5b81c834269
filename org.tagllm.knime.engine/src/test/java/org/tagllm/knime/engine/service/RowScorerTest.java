package org.tagllm.knime.engine.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.method.DataSource;
import org.tagllm.knime.engine.method.PredictOptions;
import org.tagllm.knime.engine.method.TagPredictor;
import org.tagllm.knime.engine.predict.RowScorer;
import org.tagllm.knime.engine.predict.SharedModels;

/**
 * The rows-in / rows-out entry point a Spark partition calls: one model per JVM, every input column through, the
 * predictions of the file path, in input order, pulled lazily.
 */
class RowScorerTest extends WithServiceFixture {

    @Test
    void aPartitionsRowsComeOutWithTheirIdsAndTheFilePathsPredictions() throws Exception {
        List<String> lines = Files.readAllLines(fixture.table).subList(1, 97);
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            rows.add(new String[] {"CPD-" + i, i == 10 ? null : lines.get(i).split(",")[0]});
        }
        // The same rows as a file, read by the engine's CSV reader.
        StringBuilder csv = new StringBuilder("id,smiles\n");
        rows.forEach(r -> csv.append(r[0]).append(',').append(r[1] == null ? "" : r[1]).append('\n'));
        Path file = Files.writeString(fixture.table.resolveSibling("with-ids.csv"), csv);
        LocalModel model = SharedModels.model(fixture.modelDir);
        assertSame(model, SharedModels.model(fixture.modelDir.resolve(".")), "one model per JVM");
        PredictOptions options = PredictOptions.of(48, 8);
        List<TagPredictor.Prediction> fromFile = new ArrayList<>();
        try (TagPredictor predictor = TagPredictor.open(model, fixture.bank, null)) {
            predictor.predict(DataSource.of(file), 48, 8, fromFile::add,
                    org.tagllm.knime.engine.method.PredictionProgress.NONE, () -> false);
            int[] pulled = {0};
            Iterator<String[]> input = new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return pulled[0] < rows.size();
                }

                @Override
                public String[] next() {
                    return rows.get(pulled[0]++);
                }
            };
            RowScorer scorer = new RowScorer(predictor, List.of("id", "smiles"), options);
            assertEquals(List.of("row", "id", "smiles", "Carbons", "problem", "truncated"), scorer.layout().names());
            Iterator<List<Object>> out = scorer.score("partition 0", input, java.util.Arrays::asList);
            assertEquals(0, pulled[0], "nothing is read before the first row is pulled");
            List<List<Object>> got = new ArrayList<>();
            out.forEachRemaining(got::add);
            assertEquals(96, got.size());
            for (int i = 0; i < got.size(); i++) {
                List<Object> cells = got.get(i);
                assertEquals((long) i + 1, cells.get(0));
                assertEquals("CPD-" + i, cells.get(1), "the ID stays with its row");
                if (i == 10) {
                    assertNull(cells.get(3));
                    assertNotNull(cells.get(4), "a missing SMILES has its reason");
                } else {
                    assertArrayEquals(fromFile.get(i).values(), new double[] {(Double) cells.get(3)},
                            "row " + i + ": the file path's prediction, bit for bit");
                }
            }
        }
    }

    @Test
    void aModelFolderMissingOnThisHostIsNamedWithTheHost(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("models/nowhere");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> SharedModels.model(missing));
        assertTrue(e.getMessage().contains(missing.toString())
                && e.getMessage().contains(InetAddress.getLocalHost().getHostName()), e.getMessage());
    }
}
