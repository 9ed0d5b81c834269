package org.tagllm.knime.engine.baseline;

/** Turns one column's value into a fixed-length feature vector; fixed once on the training rows. */
interface ColumnFeaturizer {

    /** Length of every vector this featuriser returns. */
    int size();

    /** @throws IllegalArgumentException naming the value when it cannot be featurised */
    SparseVector encode(String value);

    /** For reports, e.g. "ECFP4, 2048 bits". */
    String describe();
}
