/**
 * The frozen LLaMA-family decoder on DJL's PyTorch engine ({@link org.tagllm.knime.engine.model.LlamaDecoder}): its
 * weights, loaded by Hugging Face names from a model folder ({@link org.tagllm.knime.engine.model.ModelDirectory}),
 * rotary tables, attention masks and the KV cache.
 */
package org.tagllm.knime.engine.model;
