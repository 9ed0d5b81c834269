/**
 * The prediction benchmark: rows/s, CPU time and peak RSS per configuration (one JVM, Spark {@code local[1]} and
 * {@code local[2]}; by-length against pad-to-longest batches; row counts), each in its own child JVM.
 */
package org.tagllm.spark.bench;
