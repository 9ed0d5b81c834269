/**
 * A non-LLM reference model for the benchmarks, of the kind chemists already trust: fixed features per input column
 * (ECFP4 bits for SMILES, one-hot residues or dipeptide composition for proteins, one-hot categories for text) and a
 * linear model on top, ridge regression or L2-regularised logistic regression, whose penalty is chosen on the
 * validation rows ({@link org.tagllm.knime.engine.baseline.FingerprintBaseline}). KNIME-free and DJL-free; its
 * predictions go straight into {@link org.tagllm.knime.engine.method.Metrics}.
 */
package org.tagllm.knime.engine.baseline;
