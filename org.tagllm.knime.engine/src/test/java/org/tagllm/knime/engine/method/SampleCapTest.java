package org.tagllm.knime.engine.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.data.Example;
import org.tagllm.knime.engine.train.TrainingSettings;

/** Row caps sample by the seed, never the head of a (possibly sorted) file. */
class SampleCapTest {

    @Test
    void aCapSamplesAcrossTheWholeFileReproducibly() {
        List<Example> rows = new ArrayList<>();
        for (int i = 1; i <= 1000; i++) {
            rows.add(new Example(i, i + 1, Map.of("x", "C"), new double[] {i}, null, null, Map.of(), null));
        }
        List<Example> a = FunctionTraining.capped(rows, 100, settings(1));
        List<Example> again = FunctionTraining.capped(rows, 100, settings(1));
        List<Example> other = FunctionTraining.capped(rows, 100, settings(2));
        assertEquals(100, a.size());
        assertEquals(a, again, "same seed, same sample");
        assertNotEquals(a, other, "another seed, another sample");
        // A head-of-file cut would end at row 100; a fair sample of 1000 rows reaches far beyond it.
        assertTrue(a.stream().mapToLong(Example::row).max().orElseThrow() > 900, "sample ends early");
        assertTrue(a.stream().filter(e -> e.row() <= 500).count() > 30, "sample misses the first half");
        assertSame(rows, FunctionTraining.capped(rows, 0, settings(1)), "0 means all rows");
    }

    private static FunctionTraining.Settings settings(long seed) {
        return FunctionTraining.Settings.builder().optVectors(2).optMaxTokens(16)
                .setTraining(TrainingSettings.builder().setBatchSize(2).optEpochs(1).optSeed(seed).build()).build();
    }
}
