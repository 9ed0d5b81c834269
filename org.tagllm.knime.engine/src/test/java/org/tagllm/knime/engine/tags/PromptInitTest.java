package org.tagllm.knime.engine.tags;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The soft prompt's initialisations: sampled vocabulary rows (Lester et al. 2021), random, or the mean row. */
class PromptInitTest {

    private static final int P = 12;

    @Test
    void vocabRowsAreDistinctRowsOfTheEmbeddingTableReproduciblePerSeed() {
        try (Tiny t = new Tiny(21)) {
            int v = t.config.vocabSize();
            int d = t.config.hiddenSize();
            float[] e = t.decoder.weights().embedTokens().toFloatArray();
            float[] rows = PromptInit.VOCAB.vectors(t.decoder, t.table.statistics(), P, 5).values();
            assertEquals(P * d, rows.length);
            Set<Integer> ids = new HashSet<>();
            for (int r = 0; r < P; r++) {
                float[] row = Arrays.copyOfRange(rows, r * d, (r + 1) * d);
                int match = -1;
                for (int id = 0; id < v && match < 0; id++) {
                    if (Arrays.equals(row, Arrays.copyOfRange(e, id * d, (id + 1) * d))) {
                        match = id;
                    }
                }
                assertTrue(match >= 0, "row " + r + " is no row of the embedding table");
                assertTrue(match != Tiny.BOS && match != Tiny.EOS, "row " + r + " is BOS or EOS (" + match + ")");
                assertTrue(ids.add(match), "row " + r + " repeats vocabulary row " + match);
            }
            assertArrayEquals(rows, PromptInit.VOCAB.vectors(t.decoder, t.table.statistics(), P, 5).values(),
                    "the same seed draws the same rows");
            assertFalse(Arrays.equals(rows, PromptInit.VOCAB.vectors(t.decoder, t.table.statistics(), P, 6)
                    .values()), "another seed draws other rows");
        }
    }

    @Test
    void randomRowsAreDistinctWithTheMeanEmbeddingNormReproduciblePerSeed() {
        try (Tiny t = new Tiny(22)) {
            int d = t.config.hiddenSize();
            double meanNorm = t.table.statistics().meanNorm();
            float[] rows = PromptInit.RANDOM.vectors(t.decoder, t.table.statistics(), P, 5).values();
            Set<String> distinct = new HashSet<>();
            for (int r = 0; r < P; r++) {
                float[] row = Arrays.copyOfRange(rows, r * d, (r + 1) * d);
                double norm = 0;
                for (float x : row) {
                    norm += (double) x * x;
                }
                assertEquals(meanNorm, Math.sqrt(norm), 1e-4 * meanNorm, "row " + r + " norm");
                assertTrue(distinct.add(Arrays.toString(row)), "row " + r + " repeats");
            }
            assertArrayEquals(rows, PromptInit.RANDOM.vectors(t.decoder, t.table.statistics(), P, 5).values());
            assertFalse(Arrays.equals(rows, PromptInit.RANDOM.vectors(t.decoder, t.table.statistics(), P, 6)
                    .values()));
        }
    }

    @Test
    void meanKeepsTheTagInitialisationIdenticalRows() {
        try (Tiny t = new Tiny(23)) {
            int d = t.config.hiddenSize();
            float[] rows = PromptInit.MEAN.vectors(t.decoder, t.table.statistics(), P, 5).values();
            float[] mean = t.table.statistics().tagInitialRow();
            for (int r = 0; r < P; r++) {
                assertArrayEquals(mean, Arrays.copyOfRange(rows, r * d, (r + 1) * d), "row " + r);
            }
        }
    }

    @Test
    void parsesItsIdsAndNamesTheChoicesOtherwise() {
        assertEquals(PromptInit.VOCAB, PromptInit.parse("vocab"));
        assertEquals(PromptInit.RANDOM, PromptInit.parse(" Random "));
        assertEquals(PromptInit.MEAN, PromptInit.parse("mean"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PromptInit.parse("zeros"));
        assertTrue(e.getMessage().contains("zeros") && e.getMessage().contains("vocab, random, mean"),
                e.getMessage());
    }
}
