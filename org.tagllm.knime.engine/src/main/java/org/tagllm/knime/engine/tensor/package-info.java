/**
 * Float32 tensors held on the Java heap, outside libtorch: how tags, heads and optimizer state leave and enter the
 * engine ({@link org.tagllm.knime.engine.tensor.FloatTensor}).
 */
package org.tagllm.knime.engine.tensor;
