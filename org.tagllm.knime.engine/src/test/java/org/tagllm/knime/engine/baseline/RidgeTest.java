package org.tagllm.knime.engine.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Ridge against closed forms worked by hand, and its two solver paths against each other. */
class RidgeTest {

    @Test
    void oneFeatureClosedForm() {
        // x = 1,2,3,4 and y = 2,3,5,6. Centred: x − 2.5 = -1.5,-.5,.5,1.5 and y − 4 = -2,-1,1,2.
        // Σxy = 3+.5+.5+3 = 7, Σx² = 5, so with λ = 1: w = 7/(5+1) = 7/6 and b = 4 − 2.5·7/6 = 13/12.
        SparseRows x = SparseRows.of(new double[][] {{1}, {2}, {3}, {4}});
        double[] y = {2, 3, 5, 6};
        for (SolverPath path : SolverPath.values()) {
            LinearModel m = Ridge.prepare(x, y, path).fit(1.0);
            assertEquals(7.0 / 6, m.weights()[0], 1e-12, path.name());
            assertEquals(13.0 / 12, m.intercept(), 1e-12, path.name());
        }
    }

    @Test
    void twoFeatureClosedForm() {
        // Rows (1,0), (0,1), (1,1), (0,0) with y = 1,2,4,1. Means (.5,.5) and 2, so centred x rows (.5,-.5),
        // (-.5,.5), (.5,.5), (-.5,-.5) and y -1,0,2,-1. XcᵀXc = [[1,0],[0,1]], Xcᵀyc = (-.5+0+1+.5, .5+0+1+.5) = (1,2).
        // With λ = 1: w = (1,2)/2 = (.5, 1), b = 2 − .5·.5 − .5·1 = 1.25.
        SparseRows x = SparseRows.of(new double[][] {{1, 0}, {0, 1}, {1, 1}, {0, 0}});
        double[] y = {1, 2, 4, 1};
        for (SolverPath path : SolverPath.values()) {
            LinearModel m = Ridge.prepare(x, y, path).fit(1.0);
            assertEquals(0.5, m.weights()[0], 1e-12, path.name());
            assertEquals(1.0, m.weights()[1], 1e-12, path.name());
            assertEquals(1.25, m.intercept(), 1e-12, path.name());
        }
    }

    @Test
    void theInterceptIsNotPenalised() {
        // Adding 100 to every target moves only the intercept, by exactly 100, even under a large λ.
        SparseRows x = SparseRows.of(new double[][] {{1, 0}, {0, 1}, {1, 1}, {0, 0}});
        LinearModel base = Ridge.prepare(x, new double[] {1, 2, 4, 1}, SolverPath.PRIMAL).fit(1000);
        LinearModel shifted = Ridge.prepare(x, new double[] {101, 102, 104, 101}, SolverPath.PRIMAL).fit(1000);
        assertEquals(base.intercept() + 100, shifted.intercept(), 1e-9);
        assertEquals(base.weights()[0], shifted.weights()[0], 1e-12);
    }

    @Test
    void primalAndDualAgreeWithFewerRowsThanFeatures() {
        assertPathsAgree(20, 60, 1);
    }

    @Test
    void primalAndDualAgreeWithMoreRowsThanFeatures() {
        assertPathsAgree(80, 15, 2);
    }

    /** Sparse 0/1 rows like fingerprints plus one dense column, random targets; predictions within 1e-8. */
    private static void assertPathsAgree(int n, int d, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] dense = new double[n][d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d - 1; j++) {
                dense[i][j] = random.nextDouble() < 0.2 ? 1 : 0;
            }
            dense[i][d - 1] = random.nextGaussian();
            y[i] = random.nextGaussian() * 3 + 1;
        }
        SparseRows x = SparseRows.of(dense);
        Ridge primal = Ridge.prepare(x, y, SolverPath.PRIMAL);
        Ridge dual = Ridge.prepare(x, y, SolverPath.DUAL);
        for (double lambda : FingerprintBaseline.LAMBDAS) {
            double[] a = primal.fit(lambda).scores(x);
            double[] b = dual.fit(lambda).scores(x);
            for (int i = 0; i < n; i++) {
                assertEquals(a[i], b[i], 1e-8, "row " + i + ", λ = " + lambda);
            }
        }
    }
}
