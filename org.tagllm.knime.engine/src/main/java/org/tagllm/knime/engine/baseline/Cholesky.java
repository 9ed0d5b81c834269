package org.tagllm.knime.engine.baseline;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/** A Cholesky factorisation (EJML) of a symmetric positive definite matrix, to solve for several right-hand sides. */
final class Cholesky {

    private final LinearSolverDense<DMatrixRMaj> solver;
    private final int size;

    private Cholesky(LinearSolverDense<DMatrixRMaj> solver, int size) {
        this.solver = solver;
        this.size = size;
    }

    /**
     * Factorises {@code spd}, which may be overwritten.
     *
     * @param what names the system in the error, e.g. "ridge primal system, λ = 0.01"
     */
    static Cholesky of(DMatrixRMaj spd, String what) {
        if (spd.numRows == 0) {
            return new Cholesky(null, 0); // no features: nothing to solve, only the intercept is fitted
        }
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.chol(spd.numRows);
        if (!solver.setA(spd)) {
            throw new IllegalStateException("the " + what + " (" + spd.numRows + " × " + spd.numCols
                    + ") is not numerically positive definite");
        }
        return new Cholesky(solver, spd.numRows);
    }

    double[] solve(double[] b) {
        if (b.length != size) {
            throw new IllegalArgumentException("right-hand side has " + b.length + " entries, system " + size);
        }
        if (size == 0) {
            return new double[0];
        }
        DMatrixRMaj x = new DMatrixRMaj(size, 1);
        solver.solve(new DMatrixRMaj(size, 1, true, b.clone()), x);
        return x.data;
    }
}
