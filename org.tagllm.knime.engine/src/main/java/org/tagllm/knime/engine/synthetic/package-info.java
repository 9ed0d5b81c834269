/**
 * Model folders the project writes itself: the real configurations of common LLaMA-family checkpoints (Qwen2.5,
 * Llama 3.x, Mistral) with seeded random weights, for sizing, benchmarks and tests where no hub is reachable.
 */
package org.tagllm.knime.engine.synthetic;
