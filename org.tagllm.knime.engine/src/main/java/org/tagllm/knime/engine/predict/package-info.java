/**
 * Scoring tables with a trained bank, as every caller does it: the layout of the prediction output
 * ({@link org.tagllm.knime.engine.predict.PredictionColumns}: which columns, in which order, under which names) and
 * the rows-in / rows-out entry point for row sources that are no file ({@link
 * org.tagllm.knime.engine.predict.RowScorer}: a node's table, a Spark partition) over the one streaming path,
 * {@link org.tagllm.knime.engine.method.TagPredictor#stream}.
 */
package org.tagllm.knime.engine.predict;
