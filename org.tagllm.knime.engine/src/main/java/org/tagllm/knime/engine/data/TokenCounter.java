package org.tagllm.knime.engine.data;

/**
 * How many of the model's tokens a value takes in its column, after tagging (the column's tags themselves belong to
 * the fixed overhead of {@link LengthLimit}). Must accept any string, however long.
 */
@FunctionalInterface
public interface TokenCounter {

    int count(String column, String value);

    /** One token per UTF-16 character: lengths in characters, and a stand-in where no tokenizer is at hand. */
    static TokenCounter characters() {
        return (column, value) -> value.length();
    }
}
