package org.tagllm.knime.engine.tags;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.SparseFormat;

/**
 * Row gathering that autograd differentiates with respect to the source: libtorch's {@code embedding} op, whose
 * backward adds each output row's gradient into its source row (repeated rows accumulate). Pinned by
 * {@code TagDjlHazardsTest}.
 */
final class Rows {

    private Rows() {}

    /**
     * Rows of {@code source} [N, d] at {@code index} (int64, any shape S), as an S + [d] array in the index's manager.
     */
    static NDArray gather(NDArray source, NDArray index) {
        return index.getNDArrayInternal().embedding(index, source, SparseFormat.DENSE).singletonOrThrow();
    }
}
