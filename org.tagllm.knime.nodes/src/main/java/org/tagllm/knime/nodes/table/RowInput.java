package org.tagllm.knime.nodes.table;

import java.util.Iterator;

/**
 * A table a node reads: its shape, its size, and its rows, which may be read more than once (each
 * {@link #rows()} call starts from the first row). KNIME's BufferedDataTable fits this; so does {@link InMemoryTable}.
 */
public interface RowInput {

    TableShape shape();

    /** Rows in the table. */
    long size();

    /** A fresh pass over the rows in table order; close it when done (KNIME's row iterators hold files open). */
    RowIterator rows();

    /** An iterator over rows that releases what it holds when closed. */
    interface RowIterator extends Iterator<Row>, AutoCloseable {
        @Override
        void close();
    }
}
