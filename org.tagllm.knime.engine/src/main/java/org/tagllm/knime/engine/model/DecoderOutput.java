package org.tagllm.knime.engine.model;

import ai.djl.ndarray.NDArray;

/**
 * The result of one {@link LlamaDecoder#forward} call; both arrays belong to the input embeddings' manager.
 *
 * @param hidden hidden states after the final RMSNorm, [B, T, d]
 * @param logits LM-head output, [B, T, V]; null when logits were not requested
 */
public record DecoderOutput(NDArray hidden, NDArray logits) {}
