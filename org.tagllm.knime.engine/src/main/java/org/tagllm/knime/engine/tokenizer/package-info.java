/**
 * Text to token ids: Hugging Face {@code tokenizer.json} through DJL's binding ({@link
 * org.tagllm.knime.engine.tokenizer.HfTextTokenizer}) and the character-level reading Tag-LLM uses for SMILES and
 * protein sequences ({@link org.tagllm.knime.engine.tokenizer.CharacterTokenizer}).
 */
package org.tagllm.knime.engine.tokenizer;
