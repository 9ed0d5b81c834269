/**
 * Reproducible train/validation/test splits: random, scaffold (chemprop's balanced variant), grouped (cold) and
 * given by a column ({@link org.tagllm.knime.engine.split.Splits}), with a {@link
 * org.tagllm.knime.engine.split.SplitSummary} to check sizes and group leakage. {@link
 * org.tagllm.knime.engine.split.DatasetSplitter} splits a loaded table of the {@code data} package as a {@link
 * org.tagllm.knime.engine.split.SplitSpec} says, listing the rows it could not place.
 */
package org.tagllm.knime.engine.split;
