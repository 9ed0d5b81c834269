package org.tagllm.knime.nodes.table;

/**
 * Rows read once, in order, as a streaming executor hands them over (KNIME's streamable {@code RowInput#poll()}):
 * nothing before or after the current row is held.
 */
@FunctionalInterface
public interface RowStream {

    /** The next row, or null after the last. */
    Row poll() throws InterruptedException;

    /** The rows of a fresh pass over {@code iterator} (e.g. a {@link RowInput}'s). */
    static RowStream of(java.util.Iterator<Row> iterator) {
        return () -> iterator.hasNext() ? iterator.next() : null;
    }
}
