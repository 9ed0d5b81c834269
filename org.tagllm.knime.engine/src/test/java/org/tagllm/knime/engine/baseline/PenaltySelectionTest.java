package org.tagllm.knime.engine.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** λ follows the signal: the smallest on noise-free data, a large one on pure noise. */
class PenaltySelectionTest {

    @Test
    void noiseFreeLinearDataPicksTheSmallestLambda() {
        SplittableRandom random = new SplittableRandom(5);
        double[] beta = {2, -1, 0.5, 3, -2};
        double[][] train = gaussian(random, 60, beta.length);
        double[][] valid = gaussian(random, 20, beta.length);
        PenaltySelection.Selected s = PenaltySelection.ridge(SparseRows.of(train), linear(train, beta),
                SparseRows.of(valid), linear(valid, beta), SolverPath.PRIMAL);
        assertEquals(1e-2, s.lambda(), s.validationLoss().toString());
    }

    @Test
    void pureNoisePicksALargeLambda() {
        SplittableRandom random = new SplittableRandom(6);
        double[][] train = gaussian(random, 40, 20);
        double[][] valid = gaussian(random, 40, 20);
        double[] trainY = random.doubles(40).map(u -> u * 2 - 1).toArray();
        double[] validY = random.doubles(40).map(u -> u * 2 - 1).toArray();
        PenaltySelection.Selected s = PenaltySelection.ridge(SparseRows.of(train), trainY, SparseRows.of(valid),
                validY, SolverPath.PRIMAL);
        assertTrue(s.lambda() >= 100, "λ " + s.lambda() + ", losses " + s.validationLoss());
    }

    @Test
    void classificationPicksByValidationLikelihood() {
        // Labels independent of the features: the flattest model (largest λ) predicts validation best.
        SplittableRandom random = new SplittableRandom(7);
        double[][] train = gaussian(random, 60, 10);
        double[][] valid = gaussian(random, 60, 10);
        int[] trainLabels = random.ints(60, 0, 2).toArray();
        int[] validLabels = random.ints(60, 0, 2).toArray();
        PenaltySelection.Selected s = PenaltySelection.logistic(SparseRows.of(train), trainLabels,
                SparseRows.of(valid), validLabels, SolverPath.DUAL);
        assertTrue(s.lambda() >= 100, "λ " + s.lambda() + ", losses " + s.validationLoss());
        assertEquals(FingerprintBaseline.LAMBDAS, s.validationLoss().keySet().stream().toList());
    }

    private static double[][] gaussian(SplittableRandom random, int n, int d) {
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = random.nextGaussian();
            }
        }
        return x;
    }

    private static double[] linear(double[][] x, double[] beta) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = 3;
            for (int j = 0; j < beta.length; j++) {
                y[i] += x[i][j] * beta[j];
            }
        }
        return y;
    }
}
