package org.tagllm.knime.engine.baseline;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;

/**
 * L2-regularised logistic regression with an unpenalised intercept, by Newton's method (IRLS) with a backtracking
 * line search. It minimises
 * <pre>
 * f(w, b) = Σᵢ [log(1 + exp(ηᵢ)) − yᵢηᵢ] + λ/2 ‖w‖²,   ηᵢ = xᵢ·w + b,
 * </pre>
 * whose gradient is (Xᵀ(p − y) + λw, Σ(p − y)) with p = σ(η), and whose Hessian is [[XᵀSX + λI, XᵀS1], [1ᵀSX,
 * 1ᵀS1]] with S = diag(p(1 − p)). Each step eliminates the intercept, which centres the rows on their S-weighted
 * mean (Xc), so only A = XcᵀSXc + λI has to be solved: by a d × d Cholesky factorisation (primal), or through
 * Woodbury's identity A⁻¹v = (v − XcᵀR M⁻¹ R Xc v) / λ with R = S^½ and M = λI + R XcXcᵀ R, an n × n one (dual),
 * which needs no division by the weights. (The other order, eliminating the weights, divides by the intercept's
 * Schur complement Σs − uᵀA⁻¹u: two nearly equal numbers whenever the features nearly span the constant, which
 * stalled Newton short of the optimum.)
 */
final class Logistic {

    /** Converged when every gradient entry is below this times max(1, n). */
    static final double GRADIENT_TOLERANCE = 1e-10;
    static final int MAX_STEPS = 100;
    /** A floor for p(1 − p) so that confident rows keep the Hessian well-conditioned; the gradient stays exact. */
    private static final double MIN_WEIGHT = 1e-12;

    private final SparseRows x;
    private final double[] y;
    private final SolverPath path;
    /** XXᵀ for the dual path, built once for a whole λ grid. */
    private final DMatrixRMaj gram;

    private Logistic(SparseRows x, int[] labels, SolverPath path) {
        this.x = x;
        this.y = Arrays.stream(labels).asDoubleStream().toArray();
        this.path = path;
        this.gram = path == SolverPath.DUAL ? x.gram() : null;
    }

    /** @param labels 0 or 1 per row, both present */
    static Logistic prepare(SparseRows x, int[] labels, SolverPath path) {
        if (x.rowCount() != labels.length || labels.length == 0) {
            throw new IllegalArgumentException(x.rowCount() + " rows but " + labels.length + " labels");
        }
        long ones = Arrays.stream(labels).filter(l -> l == 1).count();
        if (ones == 0 || ones == labels.length || ones + Arrays.stream(labels).filter(l -> l == 0).count()
                != labels.length) {
            throw new IllegalArgumentException("labels must be 0 or 1 with both present; " + ones + " of "
                    + labels.length + " are 1");
        }
        return new Logistic(x, labels, path);
    }

    /** Starts from zero weights and the intercept of the class balance. */
    LinearModel fit(double lambda) {
        double mean = Arrays.stream(y).average().orElseThrow();
        return fit(lambda, new LinearModel(new double[x.columnCount()], Math.log(mean / (1 - mean))));
    }

    /** Starts from {@code start}, e.g. the solution for a neighbouring λ. */
    LinearModel fit(double lambda, LinearModel start) {
        double[] w = start.weights().clone();
        double b = start.intercept();
        double tolerance = GRADIENT_TOLERANCE * Math.max(1, x.rowCount());
        for (int step = 0; step < MAX_STEPS; step++) {
            double[] p = probabilities(new LinearModel(w, b));
            double[] residual = new double[p.length];
            for (int i = 0; i < p.length; i++) {
                residual[i] = p[i] - y[i];
            }
            double[] gw = x.transposeTimes(residual);
            for (int j = 0; j < w.length; j++) {
                gw[j] += lambda * w[j];
            }
            double gb = Arrays.stream(residual).sum();
            if (Math.abs(gb) <= tolerance && Arrays.stream(gw).allMatch(g -> Math.abs(g) <= tolerance)) {
                return new LinearModel(w, b);
            }
            double[] s = Arrays.stream(p).map(q -> Math.max(q * (1 - q), MIN_WEIGHT)).toArray();
            // Eliminate the intercept: Δb = (gb − uᵀΔw) / Σs with u = XᵀS1, leaving A Δw = gw − m gb, where
            // m = u / Σs is the weighted mean row and A = XcᵀSXc + λI for the rows centred on m.
            double sum = Arrays.stream(s).sum();
            double[] m = x.transposeTimes(s);
            for (int j = 0; j < m.length; j++) {
                m[j] /= sum;
            }
            Solver a = path == SolverPath.PRIMAL ? primal(s, sum, m, lambda) : dual(s, sum, m, lambda);
            double[] rhs = new double[w.length];
            for (int j = 0; j < w.length; j++) {
                rhs[j] = gw[j] - m[j] * gb;
            }
            double[] dw = a.solve(rhs);
            double db = (gb - sum * dot(m, dw)) / sum;
            // Backtrack (Armijo) so each step lowers f. Once the predicted decrease gᵀΔ is below what f's rounding
            // can resolve, f can no longer judge a step; there Newton is in its quadratic phase and steps in full.
            double f = objective(w, b, lambda);
            double slope = dot(gw, dw) + gb * db;
            if (slope <= 1e-10 * (1 + Math.abs(f))) {
                for (int j = 0; j < w.length; j++) {
                    w[j] -= dw[j];
                }
                b -= db;
                continue;
            }
            double t = 1;
            while (true) {
                double[] tryW = w.clone();
                for (int j = 0; j < w.length; j++) {
                    tryW[j] -= t * dw[j];
                }
                double tryB = b - t * db;
                if (objective(tryW, tryB, lambda) <= f - 1e-4 * t * slope) {
                    w = tryW;
                    b = tryB;
                    break;
                }
                t /= 2;
                if (t < 1e-10) {
                    // A Newton direction always descends, so this is a numerical breakdown, not a slow fit.
                    throw new IllegalStateException("logistic regression with λ = " + lambda + " found no step that"
                            + " lowers the objective " + f + " (predicted decrease " + slope + ") at Newton step "
                            + step);
                }
            }
        }
        throw new IllegalStateException("logistic regression with λ = " + lambda + " did not converge in "
                + MAX_STEPS + " Newton steps (" + x.rowCount() + " rows, " + x.columnCount() + " features)");
    }

    double[] probabilities(LinearModel model) {
        return Arrays.stream(model.scores(x)).map(Logistic::sigmoid).toArray();
    }

    static double sigmoid(double eta) {
        if (eta >= 0) {
            return 1 / (1 + Math.exp(-eta));
        }
        double e = Math.exp(eta);
        return e / (1 + e);
    }

    /** The penalised negative log-likelihood f(w, b). */
    double objective(double[] w, double b, double lambda) {
        double[] eta = new LinearModel(w, b).scores(x);
        double sum = 0;
        for (int i = 0; i < eta.length; i++) {
            double softplus = eta[i] > 0 ? eta[i] + Math.log1p(Math.exp(-eta[i])) : Math.log1p(Math.exp(eta[i]));
            sum += softplus - y[i] * eta[i];
        }
        return sum + lambda / 2 * dot(w, w);
    }

    /** Applies A⁻¹ = (XcᵀSXc + λI)⁻¹. */
    private interface Solver {
        double[] solve(double[] v);
    }

    private Solver primal(double[] s, double sum, double[] m, double lambda) {
        DMatrixRMaj a = x.weightedCrossProduct(s);
        int d = a.numRows;
        for (int j = 0; j < d; j++) {
            for (int k = 0; k < d; k++) {
                a.data[j * d + k] -= sum * m[j] * m[k]; // XcᵀSXc = XᵀSX − (Σs) m mᵀ
            }
            a.data[j * d + j] += lambda;
        }
        return Cholesky.of(a, "logistic primal Hessian with λ = " + lambda)::solve;
    }

    private Solver dual(double[] s, double sum, double[] m, double lambda) {
        int n = s.length;
        double[] r = Arrays.stream(s).map(Math::sqrt).toArray();
        // XcXcᵀ = K − (Xm)1ᵀ − 1(Xm)ᵀ + (mᵀm) 11ᵀ, with Xm = K s / Σs and mᵀm = sᵀK s / (Σs)².
        double[] xm = new double[n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                xm[i] += gram.data[i * n + k] * s[k];
            }
            xm[i] /= sum;
        }
        double mm = dot(s, xm) / sum;
        DMatrixRMaj c = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                c.data[i * n + k] = r[i] * (gram.data[i * n + k] - xm[i] - xm[k] + mm) * r[k];
            }
            c.data[i * n + i] += lambda;
        }
        Cholesky chol = Cholesky.of(c, "logistic dual system with λ = " + lambda);
        return v -> {
            // Xc v = Xv − (m·v) 1 and Xcᵀ z = Xᵀz − m Σz.
            double mv = dot(m, v);
            double[] z = x.times(v);
            for (int i = 0; i < n; i++) {
                z[i] = r[i] * (z[i] - mv);
            }
            z = chol.solve(z);
            double zSum = 0;
            for (int i = 0; i < n; i++) {
                z[i] *= r[i];
                zSum += z[i];
            }
            double[] back = x.transposeTimes(z);
            double[] out = new double[v.length];
            for (int j = 0; j < v.length; j++) {
                out[j] = (v[j] - back[j] + m[j] * zSum) / lambda;
            }
            return out;
        };
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
