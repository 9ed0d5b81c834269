/**
 * Library scoring on Apache Spark 3.5: {@link org.tagllm.spark.TagLlmSpark#predict} over a {@code Dataset<Row>}
 * (each partition through the engine's {@code RowScorer}, one model per executor JVM from the engine's
 * {@code SharedModels}), the {@code spark-submit} job {@link org.tagllm.spark.PredictJob}, and the prediction
 * benchmark ({@code bench}).
 */
package org.tagllm.spark;
