package org.tagllm.knime.engine.uncertainty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.split.Partition;
import org.tagllm.knime.engine.split.SplitFractions;
import org.tagllm.knime.engine.split.Splits;

/**
 * Coverage over many repetitions on synthetic exchangeable data with a known noise. Each bound is stated from the
 * theory (the mean coverage of split conformal is exactly {@code k / (n + 1)}, {@code k = ceil((n + 1)(1 - alpha))},
 * for continuous scores) and a standard error computed for the repetition count; tolerances are six standard errors,
 * so a fixed seed cannot make them flaky and any seed would fail them about once in 10^8 runs.
 */
class ConformalCoverageStatisticsTest {

    /**
     * 2,000 repetitions of 100 calibration and 100 test rows, y = N(0, 1), prediction 0: mean coverage k/(n+1) =
     * 91/101 = 0.9010. One repetition's coverage has variance (the calibration's Beta(91, 11) plus the test rows'
     * binomial) 0.9 · 0.1 / 102 + 0.9 · 0.1 / 100 = 0.00178; the mean over 2,000 has sd 0.00094; six of those, 0.0057.
     */
    @Test
    void exchangeableRowsAreCoveredAtKOverNPlusOne() {
        SplittableRandom random = new SplittableRandom(11);
        int reps = 2000;
        double mean = 0;
        for (int r = 0; r < reps; r++) {
            RegressionIntervals intervals = RegressionIntervals.fit(gaussians(random, 100), new double[100], null, 0.9);
            mean += coverage(intervals, gaussians(random, 100)) / reps;
        }
        assertEquals(91.0 / 101, mean, 0.0057);
    }

    /**
     * The same through the exchangeable scaffold split: 1,000 molecules in scaffold families (two big ones, then
     * heavy-tailed sizes), y = family effect N(0, 0.5²) + N(0, 1), prediction 0; calibrated on each seed's validation
     * rows, measured on its test rows. Rows of a family are correlated, so a split's coverage varies more than
     * binomially (sd measured 0.052 over 500 seeds; mean 0.902); the mean over 500 seeds has sd 0.0023, and the
     * tolerance is six of those around 0.9 plus half of the finite-sample excess 1/(n+1) (n ≈ 100).
     */
    @Test
    void scaffoldFamiliesSplitExchangeablyAreCoveredAsAsked() {
        List<String> keys = new ArrayList<>();
        keys.addAll(Collections.nCopies(150, "big0"));
        keys.addAll(Collections.nCopies(80, "big1"));
        SplittableRandom random = new SplittableRandom(42);
        for (int g = 0; keys.size() < 1000; g++) {
            int size = (int) Math.min(45, Math.floor(1 / Math.pow(1 - random.nextDouble(), 2)));
            keys.addAll(Collections.nCopies(Math.min(size, 1000 - keys.size()), "g" + g));
        }
        SplitFractions fractions = new SplitFractions(0.8, 0.1, 0.1);
        int seeds = 500;
        double mean = 0;
        for (long seed = 0; seed < seeds; seed++) {
            double[] y = familyData(keys, new SplittableRandom(1000 + seed));
            Partition[] split = Splits.scaffoldExchangeable(keys, fractions, seed);
            double[] valid = rowsOf(y, split, Partition.VALID);
            RegressionIntervals intervals = RegressionIntervals.fit(valid, new double[valid.length], null, 0.9);
            mean += coverage(intervals, rowsOf(y, split, Partition.TEST)) / seeds;
        }
        assertEquals(0.9 + 0.005, mean, 6 * 0.0023 + 0.005);
    }

    /**
     * Mondrian sets on an imbalanced task: 80 % class 0, whose probabilities are sharper (logit N(2, 1)) than the
     * minority's (logit N(-0.5, 1)). 1,000 repetitions of 300 calibration and 300 test rows. Marginal sets cover the
     * minority class well below 90 %; Mondrian sets cover each class at its k/(n_c+1), between 0.9 and 0.9 + 1/61.
     * Minority class: ~60 rows each side, per-repetition sd √(0.09/61 + 0.09/60) = 0.055, over 1,000 repetitions
     * 0.0017; tolerance six of those (0.01) beyond [0.9, 0.917].
     */
    @Test
    void mondrianSetsCoverEachClassMarginalSetsDoNot() {
        SplittableRandom random = new SplittableRandom(5);
        int reps = 1000;
        double[] mondrian = new double[2];
        double[] marginal = new double[2];
        for (int r = 0; r < reps; r++) {
            int[] labels = new int[300];
            double[][] p = imbalanced(random, labels);
            PredictionSets m = PredictionSets.fitMondrian(labels, p, 0.9);
            PredictionSets plain = PredictionSets.fit(labels, p, 0.9);
            int[] testLabels = new int[300];
            double[][] q = imbalanced(random, testLabels);
            for (int c = 0; c < 2; c++) {
                mondrian[c] += classCoverage(m, testLabels, q, c) / reps;
                marginal[c] += classCoverage(plain, testLabels, q, c) / reps;
            }
        }
        for (int c = 0; c < 2; c++) {
            assertTrue(mondrian[c] > 0.9 - 0.01 && mondrian[c] < 0.917 + 0.01, "class " + c + ": " + mondrian[c]);
        }
        assertTrue(marginal[1] < 0.8, "marginal sets cover the minority class at " + marginal[1]);
    }

    private static double[][] imbalanced(SplittableRandom random, int[] labels) {
        double[][] p = new double[labels.length][];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = random.nextDouble() < 0.8 ? 0 : 1;
            double logit = labels[i] == 0 ? 2 + gaussian(random) : -0.5 + gaussian(random);
            double p0 = 1 / (1 + Math.exp(-logit));
            p[i] = new double[] {p0, 1 - p0};
        }
        return p;
    }

    private static double classCoverage(PredictionSets sets, int[] labels, double[][] p, int c) {
        int rows = 0;
        int covered = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == c) {
                rows++;
                covered += sets.set(p[i]).contains(c) ? 1 : 0;
            }
        }
        return rows == 0 ? 0 : (double) covered / rows;
    }

    private static double[] familyData(List<String> keys, SplittableRandom random) {
        java.util.Map<String, Double> effect = new java.util.HashMap<>();
        double[] y = new double[keys.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = effect.computeIfAbsent(keys.get(i), k -> 0.5 * gaussian(random)) + gaussian(random);
        }
        return y;
    }

    private static double[] rowsOf(double[] y, Partition[] split, Partition part) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < y.length; i++) {
            if (split[i] == part) {
                out.add(y[i]);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double coverage(RegressionIntervals intervals, double[] truth) {
        int covered = 0;
        for (double y : truth) {
            covered += y >= intervals.low(0, 0) && y <= intervals.high(0, 0) ? 1 : 0;
        }
        return (double) covered / truth.length;
    }

    private static double[] gaussians(SplittableRandom random, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = gaussian(random);
        }
        return out;
    }

    private static double gaussian(SplittableRandom random) {
        return random.nextGaussian();
    }
}
