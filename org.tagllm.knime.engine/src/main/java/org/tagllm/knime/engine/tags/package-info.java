/**
 * Tag-LLM's input tags on a frozen decoder (Shen et al., "Tag-LLM: Repurposing General-Purpose LLMs for Specialized
 * Domains", ICML 2024): {@link org.tagllm.knime.engine.tags.TagSpec tags} of p learned vectors in a
 * {@link org.tagllm.knime.engine.tags.TagTable}, the input layout of a task
 * ({@link org.tagllm.knime.engine.tags.TaskTemplate}, {@link org.tagllm.knime.engine.tags.SequenceEncoder},
 * {@link org.tagllm.knime.engine.tags.TaggedSequence}), batching with a per-example readout
 * ({@link org.tagllm.knime.engine.tags.TagBatch}), task heads, and the forward pass with its losses
 * ({@link org.tagllm.knime.engine.tags.TagModel}), including the frozen-prefix fast path.
 */
package org.tagllm.knime.engine.tags;
