/**
 * Text generation with a frozen decoder: greedy or temperature/top-p sampling, with or without the KV cache
 * ({@link org.tagllm.knime.engine.generate.TextGenerator}).
 */
package org.tagllm.knime.engine.generate;
