package org.tagllm.knime.engine.uncertainty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class EnsembleSpreadTest {

    /** Members 1, 2, 6: mean 3, sample variance ((-2)^2 + (-1)^2 + 3^2) / 2 = 7. */
    @Test
    void meanAndSampleDeviationPerOutput() {
        double[][] members = {{1, 10}, {2, 10}, {6, 10}};
        assertArrayEquals(new double[] {3, 10}, EnsembleSpread.mean(members), 1e-15);
        assertArrayEquals(new double[] {Math.sqrt(7), 0}, EnsembleSpread.sd(members), 1e-15);
    }

    @Test
    void oneMemberHasNoSpread() {
        assertArrayEquals(new double[] {0}, EnsembleSpread.sd(new double[][] {{4.5}}));
    }
}
