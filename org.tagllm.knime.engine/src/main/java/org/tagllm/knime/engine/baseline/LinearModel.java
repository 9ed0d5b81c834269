package org.tagllm.knime.engine.baseline;

/** Weights and an intercept: the score of a row x is x·w + b. */
record LinearModel(double[] weights, double intercept) {

    double score(SparseVector x) {
        return x.dot(weights) + intercept;
    }

    double[] scores(SparseRows x) {
        double[] out = x.times(weights);
        for (int i = 0; i < out.length; i++) {
            out[i] += intercept;
        }
        return out;
    }
}
