package org.tagllm.knime.engine.baseline;

import java.util.Arrays;
import java.util.List;
import org.ejml.data.DMatrixRMaj;

/** A design matrix X (n rows × d columns) kept as sparse rows, with the products the solvers need. */
final class SparseRows {

    private final List<SparseVector> rows;
    private final int columns;

    SparseRows(List<SparseVector> rows, int columns) {
        for (int i = 0; i < rows.size(); i++) {
            int[] idx = rows.get(i).indices();
            if (idx.length > 0 && (idx[0] < 0 || idx[idx.length - 1] >= columns)) {
                throw new IllegalArgumentException("row " + i + " has a column outside 0.." + (columns - 1));
            }
        }
        this.rows = List.copyOf(rows);
        this.columns = columns;
    }

    /** From dense rows (tests, small problems). */
    static SparseRows of(double[][] dense) {
        return new SparseRows(Arrays.stream(dense).map(SparseVector::of).toList(),
                dense.length == 0 ? 0 : dense[0].length);
    }

    int rowCount() {
        return rows.size();
    }

    int columnCount() {
        return columns;
    }

    SparseVector row(int i) {
        return rows.get(i);
    }

    double[] columnMeans() {
        double[] means = new double[columns];
        for (SparseVector r : rows) {
            for (int k = 0; k < r.size(); k++) {
                means[r.indices()[k]] += r.values()[k];
            }
        }
        for (int j = 0; j < columns; j++) {
            means[j] /= rows.size();
        }
        return means;
    }

    /** X v. */
    double[] times(double[] v) {
        double[] out = new double[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = rows.get(i).dot(v);
        }
        return out;
    }

    /** Xᵀ v. */
    double[] transposeTimes(double[] v) {
        double[] out = new double[columns];
        for (int i = 0; i < rows.size(); i++) {
            SparseVector r = rows.get(i);
            for (int k = 0; k < r.size(); k++) {
                out[r.indices()[k]] += r.values()[k] * v[i];
            }
        }
        return out;
    }

    /** Xᵀ diag(weights) X, d × d. Costs the sum over rows of (non-zeros)², not n·d². */
    DMatrixRMaj weightedCrossProduct(double[] weights) {
        DMatrixRMaj g = new DMatrixRMaj(columns, columns);
        double[] data = g.data;
        for (int i = 0; i < rows.size(); i++) {
            SparseVector r = rows.get(i);
            int[] idx = r.indices();
            double[] val = r.values();
            for (int a = 0; a < idx.length; a++) {
                double wa = weights[i] * val[a];
                int base = idx[a] * columns;
                for (int b = a; b < idx.length; b++) {
                    data[base + idx[b]] += wa * val[b];
                }
            }
        }
        mirrorUpper(g);
        return g;
    }

    /** X Xᵀ, n × n. */
    DMatrixRMaj gram() {
        int n = rows.size();
        DMatrixRMaj k = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                k.data[i * n + j] = rows.get(i).dot(rows.get(j));
            }
        }
        mirrorUpper(k);
        return k;
    }

    /** The rows with columns renumbered by {@code newIndex} (old → new, −1 drops the column). */
    SparseRows select(int[] newIndex, int newColumns) {
        return new SparseRows(rows.stream().map(r -> r.select(newIndex)).toList(), newColumns);
    }

    /**
     * Old → new column numbers keeping only the columns that vary over the rows; −1 for a constant column. A constant
     * column is zero once centred, so ridge and logistic regression with an unpenalised intercept give it weight 0:
     * dropping it changes no prediction and saves its share of the d × d work.
     */
    int[] varyingColumns() {
        int[] count = new int[columns];
        double[] min = new double[columns];
        double[] max = new double[columns];
        for (SparseVector r : rows) {
            for (int k = 0; k < r.size(); k++) {
                int j = r.indices()[k];
                double v = r.values()[k];
                min[j] = count[j] == 0 ? v : Math.min(min[j], v);
                max[j] = count[j] == 0 ? v : Math.max(max[j], v);
                count[j]++;
            }
        }
        int[] newIndex = new int[columns];
        int next = 0;
        for (int j = 0; j < columns; j++) {
            boolean constant = count[j] == 0 || count[j] == rows.size() && min[j] == max[j];
            newIndex[j] = constant ? -1 : next++;
        }
        return newIndex;
    }

    private static void mirrorUpper(DMatrixRMaj m) {
        int n = m.numRows;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                m.data[i * n + j] = m.data[j * n + i];
            }
        }
    }
}
