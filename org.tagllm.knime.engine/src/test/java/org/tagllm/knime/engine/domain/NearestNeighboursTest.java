package org.tagllm.knime.engine.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NearestNeighboursTest {

    /** Points on a line at 0, 1, 3, 10; k = 2. */
    @Test
    void meanDistanceToTheKNearest() {
        float[][] refs = {{0}, {1}, {3}, {10}};
        NearestNeighbours nn = new NearestNeighbours(refs, 2);
        assertEquals((2 + 3) / 2.0, nn.distance(new float[] {-2}), 1e-12);
        // Leave-one-out: 0 → (1+3)/2 = 2; 1 → (1+2)/2 = 1.5; 3 → (2+3)/2 = 2.5; 10 → (7+9)/2 = 8.
        assertArrayEquals(new double[] {1.5, 2, 2.5, 8}, nn.trainingDistances(), 1e-12);
    }

    @Test
    void percentileCountsTrainingRowsNotFarther() {
        double[] training = {1.5, 2, 2.5, 8};
        assertEquals(0.0, DistancePercentile.of(1.0, training));
        assertEquals(50.0, DistancePercentile.of(2.0, training));
        assertEquals(75.0, DistancePercentile.of(3.0, training));
        assertEquals(100.0, DistancePercentile.of(9.0, training));
    }

    /** The threshold that best separates large errors on validation: here everything above 60 is a large error. */
    @Test
    void flagThresholdSeparatesLargeErrors() {
        double[] p = {10, 20, 30, 40, 60, 70, 80, 90};
        boolean[] large = {false, false, false, false, false, true, true, true};
        assertEquals(60.0, FlagThreshold.choose(p, large));
        assertEquals(FlagThreshold.FALLBACK, FlagThreshold.choose(p, new boolean[8]));
    }
}
