package org.tagllm.knime.engine.baseline;

import java.util.Arrays;

/**
 * A feature vector as its non-zero entries, indices strictly ascending. Fingerprints and one-hot codes are mostly
 * zeros (ECFP4 sets about 50 of 2048 bits), so products cost the non-zeros, not the dimension.
 */
record SparseVector(int[] indices, double[] values) {

    static final SparseVector EMPTY = new SparseVector(new int[0], new double[0]);

    SparseVector {
        if (indices.length != values.length) {
            throw new IllegalArgumentException(indices.length + " indices but " + values.length + " values");
        }
        for (int k = 1; k < indices.length; k++) {
            if (indices[k] <= indices[k - 1]) {
                throw new IllegalArgumentException("indices not strictly ascending at " + k + ": "
                        + Arrays.toString(indices));
            }
        }
    }

    /** The non-zero entries of a dense vector. */
    static SparseVector of(double[] dense) {
        int count = (int) Arrays.stream(dense).filter(v -> v != 0).count();
        int[] indices = new int[count];
        double[] values = new double[count];
        for (int j = 0, k = 0; j < dense.length; j++) {
            if (dense[j] != 0) {
                indices[k] = j;
                values[k++] = dense[j];
            }
        }
        return new SparseVector(indices, values);
    }

    int size() {
        return indices.length;
    }

    double dot(double[] dense) {
        double sum = 0;
        for (int k = 0; k < indices.length; k++) {
            sum += values[k] * dense[indices[k]];
        }
        return sum;
    }

    /** Merge of two ascending index lists. */
    double dot(SparseVector other) {
        double sum = 0;
        int a = 0;
        int b = 0;
        while (a < indices.length && b < other.indices.length) {
            int ia = indices[a];
            int ib = other.indices[b];
            if (ia == ib) {
                sum += values[a++] * other.values[b++];
            } else if (ia < ib) {
                a++;
            } else {
                b++;
            }
        }
        return sum;
    }

    /** This vector placed after {@code offset} leading dimensions. */
    SparseVector shifted(int offset) {
        int[] shifted = indices.clone();
        for (int k = 0; k < shifted.length; k++) {
            shifted[k] += offset;
        }
        return new SparseVector(shifted, values);
    }

    /** Concatenation of vectors already shifted into disjoint, increasing index ranges. */
    static SparseVector concat(SparseVector... parts) {
        int total = Arrays.stream(parts).mapToInt(SparseVector::size).sum();
        int[] indices = new int[total];
        double[] values = new double[total];
        int k = 0;
        for (SparseVector part : parts) {
            System.arraycopy(part.indices, 0, indices, k, part.size());
            System.arraycopy(part.values, 0, values, k, part.size());
            k += part.size();
        }
        return new SparseVector(indices, values);
    }

    /** Entries renumbered by {@code newIndex} (old index → new, or −1 to drop); order is kept. */
    SparseVector select(int[] newIndex) {
        int count = 0;
        for (int i : indices) {
            count += newIndex[i] >= 0 ? 1 : 0;
        }
        int[] kept = new int[count];
        double[] keptValues = new double[count];
        for (int k = 0, c = 0; k < indices.length; k++) {
            int to = newIndex[indices[k]];
            if (to >= 0) {
                kept[c] = to;
                keptValues[c++] = values[k];
            }
        }
        return new SparseVector(kept, keptValues);
    }
}
