package org.tagllm.knime.engine.baseline;

import java.util.Arrays;
import java.util.Locale;
import org.ejml.data.DMatrixRMaj;

/**
 * Ridge regression with an unpenalised intercept: minimise Σ(yᵢ − xᵢ·w − b)² + λ‖w‖². Centring X and y removes b,
 * leaving w = (XcᵀXc + λI)⁻¹ Xcᵀ yc (primal) = Xcᵀ (XcXcᵀ + λI)⁻¹ yc (dual); then b = ȳ − x̄·w. The cross product
 * or Gram matrix is built once, so each λ of a grid costs one Cholesky factorisation.
 */
final class Ridge {

    private final SparseRows x;
    private final SolverPath path;
    private final double[] columnMeans;
    private final double targetMean;
    private final double[] centredTarget;
    /** XcᵀXc (primal) or XcXcᵀ (dual). */
    private final DMatrixRMaj system;

    private Ridge(SparseRows x, double[] y, SolverPath path) {
        this.x = x;
        this.path = path;
        int n = x.rowCount();
        columnMeans = x.columnMeans();
        targetMean = Arrays.stream(y).average().orElseThrow();
        centredTarget = Arrays.stream(y).map(v -> v - targetMean).toArray();
        if (path == SolverPath.PRIMAL) {
            // XcᵀXc = XᵀX − n x̄x̄ᵀ keeps X sparse.
            system = x.weightedCrossProduct(ones(n));
            int d = x.columnCount();
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    system.data[a * d + b] -= n * columnMeans[a] * columnMeans[b];
                }
            }
        } else {
            system = doubleCentred(x.gram());
        }
    }

    static Ridge prepare(SparseRows x, double[] y, SolverPath path) {
        if (x.rowCount() != y.length || y.length == 0) {
            throw new IllegalArgumentException(x.rowCount() + " rows but " + y.length + " targets");
        }
        return new Ridge(x, y, path);
    }

    LinearModel fit(double lambda) {
        DMatrixRMaj a = system.copy();
        for (int i = 0; i < a.numRows; i++) {
            a.data[i * a.numRows + i] += lambda;
        }
        Cholesky chol = Cholesky.of(a, "ridge " + path.name().toLowerCase(Locale.ROOT)
                + " system with λ = " + lambda);
        double[] w;
        if (path == SolverPath.PRIMAL) {
            w = chol.solve(x.transposeTimes(centredTarget)); // Xᵀyc = Xcᵀyc because yc sums to 0
        } else {
            double[] alpha = chol.solve(centredTarget);
            w = x.transposeTimes(alpha); // Xcᵀα = Xᵀα − x̄ Σα
            double sum = Arrays.stream(alpha).sum();
            for (int j = 0; j < w.length; j++) {
                w[j] -= columnMeans[j] * sum;
            }
        }
        double b = targetMean;
        for (int j = 0; j < w.length; j++) {
            b -= columnMeans[j] * w[j];
        }
        return new LinearModel(w, b);
    }

    /** H K H with H = I − 11ᵀ/n: the Gram matrix of the centred rows. */
    private static DMatrixRMaj doubleCentred(DMatrixRMaj k) {
        int n = k.numRows;
        double[] rowMeans = new double[n];
        double grand = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                rowMeans[i] += k.data[i * n + j];
            }
            grand += rowMeans[i];
            rowMeans[i] /= n;
        }
        grand /= (double) n * n;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                k.data[i * n + j] += grand - rowMeans[i] - rowMeans[j];
            }
        }
        return k;
    }

    private static double[] ones(int n) {
        double[] v = new double[n];
        Arrays.fill(v, 1.0);
        return v;
    }
}
