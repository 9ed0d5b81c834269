package org.tagllm.knime.engine.tags;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.tensor.FloatTensor;

class TagTableTest {

    /**
     * Every row of a new tag is the mean vocabulary embedding rescaled to the mean embedding norm, both computed in
     * double here from the model's embedding matrix; all p rows (and all new tags) are identical.
     */
    @Test
    void newTagsStartAtTheRescaledMeanEmbedding() {
        try (Tiny t = new Tiny(11)) {
            int v = t.config.vocabSize();
            int d = t.config.hiddenSize();
            float[] e = t.decoder.weights().embedTokens().toFloatArray();
            double[] mean = new double[d];
            double meanNorm = 0;
            for (int i = 0; i < v; i++) {
                double norm = 0;
                for (int j = 0; j < d; j++) {
                    mean[j] += e[i * d + j] / (double) v;
                    norm += (double) e[i * d + j] * e[i * d + j];
                }
                meanNorm += Math.sqrt(norm) / v;
            }
            double meanOfMeanNorm = 0;
            for (double m : mean) {
                meanOfMeanNorm += m * m;
            }
            double scale = meanNorm / Math.sqrt(meanOfMeanNorm);

            t.table.add(TagSpec.domain("<SMILES>"), true);
            t.table.add(new TagSpec("<QED>", TagKind.FUNCTION, 3), false);
            float[] smiles = t.table.vectors("<SMILES>").toFloatArray();
            float[] qed = t.table.vectors("<QED>").toFloatArray();
            assertEquals(10 * d, smiles.length);
            for (int r = 0; r < 10; r++) {
                for (int j = 0; j < d; j++) {
                    double expected = mean[j] * scale;
                    assertEquals(expected, smiles[r * d + j], 1e-6 * (Math.abs(expected) + 1e-3),
                            "row " + r + ", feature " + j);
                    assertEquals(smiles[j], smiles[r * d + j], "rows are identical");
                }
            }
            assertArrayEquals(java.util.Arrays.copyOf(smiles, 3 * d), qed, "new tags are identical");
            double norm = 0;
            for (int j = 0; j < d; j++) {
                norm += (double) smiles[j] * smiles[j];
            }
            assertEquals(meanNorm, Math.sqrt(norm), 1e-5 * meanNorm, "each row has the mean embedding norm");
            assertEquals(meanNorm, t.table.statistics().meanNorm(), 1e-6 * meanNorm);
        }
    }

    @Test
    void exportAndImportRoundTripBitForBit() {
        try (Tiny t = new Tiny(12)) {
            TagSpec spec = t.randomTag("<Protein>", TagKind.DOMAIN, 4, true, 5);
            FloatTensor out = t.table.export("<Protein>");
            assertArrayEquals(new long[] {4, 32}, out.shape());
            try (TagTable other = TagTable.create(t.table.statistics())) {
                other.put(spec, out, false);
                assertEquals(out, other.export("<Protein>"));
                assertFalse(other.isTrainable("<Protein>"));
                assertEquals(List.of(spec), other.specs());
            }
        }
    }

    @Test
    void trainableFlagIsPerTagAndCanChange() {
        try (Tiny t = new Tiny(13)) {
            t.table.add(TagSpec.domain("<SMILES>"), false);
            t.table.add(TagSpec.function("<QED>"), true);
            assertFalse(t.table.isTrainable("<SMILES>"));
            assertTrue(t.table.isTrainable("<QED>"));
            assertEquals(List.of(t.table.vectors("<QED>")), t.table.trainableParameters());
            t.table.setTrainable("<SMILES>", true);
            t.table.setTrainable("<QED>", false);
            assertEquals(List.of(t.table.vectors("<SMILES>")), t.table.trainableParameters());
            t.table.remove("<SMILES>");
            assertFalse(t.table.contains("<SMILES>"));
            assertEquals(List.of(TagSpec.function("<QED>")), t.table.specs());
        }
    }

    @Test
    void refusesDuplicatesUnknownTagsAndMismatchedTensors() {
        try (Tiny t = new Tiny(14)) {
            TagSpec spec = new TagSpec("<P>", TagKind.DOMAIN, 2);
            t.table.add(spec, true);
            assertMessage(() -> t.table.add(spec, true), "tag <P> is already in the table");
            assertMessage(() -> t.table.vectors("<Q>"), "no tag <Q> in the table; it holds [<P>]");
            TagSpec q = new TagSpec("<Q>", TagKind.DOMAIN, 2);
            assertMessage(() -> t.table.put(q, new FloatTensor(new float[96], new long[] {3, 32}), true),
                    "tag.<Q>: expected shape [2, 32], got [3, 32]");
        }
    }

    private static void assertMessage(Runnable r, String expected) {
        String message = assertThrows(IllegalArgumentException.class, r::run).getMessage();
        assertTrue(message.contains(expected), message);
    }
}
