package org.tagllm.knime.engine.data;

import java.io.IOException;
import org.tagllm.knime.engine.data.read.RecordReader;

/**
 * Opens a table's records afresh, from the first: a file through its reader, or rows that are no file at all (a node's
 * input table, a Spark partition; see {@link RowRecords}).
 */
@FunctionalInterface
public interface RecordSource {

    /**
     * @throws DataFileException when the records do not start as their format requires (e.g. a CSV file without a
     *     header)
     */
    RecordReader open() throws IOException;
}
