package org.tagllm.knime.engine.data;

import java.util.List;

/**
 * A whole table in memory, with the report of its loading.
 *
 * @param examples used rows, and under {@link BadRowPolicy#KEEP} bad rows marked with their problem, in file order
 * @param report what became of every row
 */
public record Dataset(List<Example> examples, DataReport report) {

    public Dataset {
        examples = List.copyOf(examples);
    }
}
