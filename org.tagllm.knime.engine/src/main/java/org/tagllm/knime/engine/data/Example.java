package org.tagllm.knime.engine.data;

import java.util.Map;

/**
 * One row ready for training or prediction.
 *
 * @param row 1-based record number in the file, for writing results back beside the input
 * @param line 1-based line of the file where the record starts, for messages
 * @param inputs normalised input values by column, in mapping order (cut to fit when the row was truncated); for a
 *     kept bad row, whatever could be read
 * @param numericTarget one value per numeric target column, or {@code null} (classification, prediction, bad row);
 *     do not modify
 * @param label the class label, or {@code null}
 * @param split the split column's value, or {@code null}
 * @param groups group column values by column
 * @param problem why the row is unusable, or {@code null}; set only on rows kept under {@link BadRowPolicy#KEEP}
 */
public record Example(long row, long line, Map<String, String> inputs, double[] numericTarget, String label,
        String split, Map<String, String> groups, String problem) {

    public boolean hasProblem() {
        return problem != null;
    }
}
