package org.tagllm.knime.engine.method;

/**
 * How {@link TagPredictor} groups the usable rows of one window into batches. Every batch is padded to its longest
 * row, so rows of similar length in one batch waste fewer positions; the outcomes come out in input order either way.
 */
public enum Batching {
    /** Rows sorted by their token length within the window (stable: equal lengths keep input order). */
    BY_LENGTH,
    /** Rows batched in input order, each batch padded to its longest row (as before; for comparison). */
    PAD_TO_LONGEST
}
