/**
 * Import of llama2.c checkpoints and tokenizers (such as stories260K) into a Hugging Face model folder
 * ({@link org.tagllm.knime.engine.llama2c.Llama2cImporter}), which the engine then loads like any other model.
 */
package org.tagllm.knime.engine.llama2c;
