/**
 * Reproducible train/validation/test splits: random, scaffold (chemprop's balanced variant), grouped (cold) and
 * given by a column ({@link org.tagllm.knime.engine.split.Splits}), with a {@link
 * org.tagllm.knime.engine.split.SplitSummary} to check sizes and group leakage.
 */
package org.tagllm.knime.engine.split;
