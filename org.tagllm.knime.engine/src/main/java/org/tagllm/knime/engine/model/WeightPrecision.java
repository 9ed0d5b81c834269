package org.tagllm.knime.engine.model;

/** How a decoder keeps its frozen weight matrices in memory; the compute is float32 either way. */
public enum WeightPrecision {

    /** Every weight widened to float32 once, at load, in libtorch memory: fastest, 4 bytes per parameter. */
    FLOAT32,

    /**
     * F16/BF16 matrices stay in their memory-mapped files (2 bytes per parameter, in the page cache, which the
     * kernel may evict and re-read) and are widened one layer at a time for each forward pass; float32 tensors, norms
     * and biases are held as with {@link #FLOAT32}. No BF16 array is ever made: DJL 0.36 crashes on them.
     */
    STORED
}
