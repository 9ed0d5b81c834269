/**
 * Our own safetensors reader and writer: memory-mapped, validated headers, sharded models, and F16/BF16 widened to
 * float32 on load (DJL's decoder uses int offsets and crashes on BF16).
 */
package org.tagllm.knime.engine.safetensors;
