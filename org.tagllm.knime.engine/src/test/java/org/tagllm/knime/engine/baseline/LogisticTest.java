package org.tagllm.knime.engine.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Logistic regression at its optimum: the penalised score equations, a value solved independently, both paths. */
class LogisticTest {

    @Test
    void symmetricPairMatchesItsOneDimensionalEquation() {
        // Rows x = -1 (label 0) and x = 1 (label 1). By symmetry b = 0, and the score equation for w reads
        // -σ(-w) + (σ(w) − 1) + λw = 0, i.e. λw = 2σ(-w). Solved here by bisection, independently of Newton.
        double lambda = 1.0;
        double lo = 0;
        double hi = 10;
        for (int k = 0; k < 200; k++) {
            double mid = (lo + hi) / 2;
            if (lambda * mid - 2 / (1 + Math.exp(mid)) < 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        SparseRows x = SparseRows.of(new double[][] {{-1}, {1}});
        for (SolverPath path : SolverPath.values()) {
            LinearModel m = Logistic.prepare(x, new int[] {0, 1}, path).fit(lambda);
            assertEquals(lo, m.weights()[0], 1e-9, path.name()); // ≈ 0.6749
            assertEquals(0.0, m.intercept(), 1e-9, path.name());
        }
    }

    @Test
    void scoreEquationsHoldAtTheOptimum() {
        Data data = random(40, 12, 3);
        for (SolverPath path : SolverPath.values()) {
            for (double lambda : new double[] {0.01, 1, 100}) {
                LinearModel m = Logistic.prepare(data.x, data.labels, path).fit(lambda);
                assertScoreEquations(data, m, lambda, path.name());
            }
        }
    }

    @Test
    void primalAndDualReachTheSameModel() {
        // Both stop at a gradient below 1e-10·n; with curvature at least λ = 0.1 the weights then agree to ~1e-8.
        for (int[] shape : new int[][] {{30, 70}, {90, 10}}) {
            Data data = random(shape[0], shape[1], shape[0]);
            LinearModel a = Logistic.prepare(data.x, data.labels, SolverPath.PRIMAL).fit(0.1);
            LinearModel b = Logistic.prepare(data.x, data.labels, SolverPath.DUAL).fit(0.1);
            for (int j = 0; j < a.weights().length; j++) {
                assertEquals(a.weights()[j], b.weights()[j], 1e-7, "weight " + j + ", shape " + shape[0] + "×"
                        + shape[1]);
            }
            assertEquals(a.intercept(), b.intercept(), 1e-7);
        }
    }

    @Test
    void aWarmStartReachesTheSameOptimum() {
        Data data = random(50, 8, 4);
        Logistic logistic = Logistic.prepare(data.x, data.labels, SolverPath.PRIMAL);
        LinearModel cold = logistic.fit(0.1);
        LinearModel warm = logistic.fit(0.1, logistic.fit(100));
        for (int j = 0; j < cold.weights().length; j++) {
            assertEquals(cold.weights()[j], warm.weights()[j], 1e-8, "weight " + j);
        }
    }

    @Test
    void separatesASeparableSet() {
        // Separable: without a penalty the weights would grow without bound; λ keeps the optimum finite.
        SparseRows x = SparseRows.of(new double[][] {{-2, 0}, {-1, 1}, {-1.5, 0}, {1, 0}, {2, 1}, {1.5, 1}});
        int[] labels = {0, 0, 0, 1, 1, 1};
        LinearModel m = Logistic.prepare(x, labels, SolverPath.PRIMAL).fit(0.01);
        double[] scores = m.scores(x);
        for (int i = 0; i < labels.length; i++) {
            assertTrue(labels[i] == 1 ? scores[i] > 0 : scores[i] < 0, "row " + i + " score " + scores[i]);
        }
        assertScoreEquations(new Data(x, labels), m, 0.01, "separable");
    }

    /** Xᵀ(p − y) + λw = 0 and Σ(p − y) = 0, with p computed here from the definition. */
    private static void assertScoreEquations(Data data, LinearModel m, double lambda, String what) {
        int n = data.labels.length;
        double[] residual = new double[n];
        for (int i = 0; i < n; i++) {
            double eta = data.x.row(i).dot(m.weights()) + m.intercept();
            residual[i] = 1 / (1 + Math.exp(-eta)) - data.labels[i];
        }
        double[] g = data.x.transposeTimes(residual);
        for (int j = 0; j < g.length; j++) {
            assertEquals(0.0, g[j] + lambda * m.weights()[j], 1e-8, what + ", λ = " + lambda + ", weight " + j);
        }
        assertEquals(0.0, Arrays.stream(residual).sum(), 1e-8, what + ", λ = " + lambda + ", intercept");
    }

    private record Data(SparseRows x, int[] labels) {}

    /** Sparse 0/1 features; labels from a noisy linear rule, so neither class is empty. */
    private static Data random(int n, int d, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] dense = new double[n][d];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            double score = -0.5;
            for (int j = 0; j < d; j++) {
                dense[i][j] = random.nextDouble() < 0.3 ? 1 : 0;
                score += dense[i][j] * (j % 2 == 0 ? 1 : -1);
            }
            labels[i] = score + random.nextGaussian() > 0 ? 1 : 0;
        }
        labels[0] = 0;
        labels[1] = 1;
        return new Data(SparseRows.of(dense), labels);
    }
}
