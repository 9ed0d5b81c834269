package org.tagllm.knime.nodes.table;

/** Where a node writes its rows, in order; KNIME's BufferedDataContainer fits this. */
@FunctionalInterface
public interface RowOutput {

    /** Adds one row; its cells must match the output shape the node announced. */
    void push(Row row);
}
