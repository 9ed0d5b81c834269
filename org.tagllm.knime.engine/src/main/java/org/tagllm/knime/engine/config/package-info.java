/**
 * A decoder's architecture as Hugging Face's {@code config.json} describes it ({@link
 * org.tagllm.knime.engine.config.ModelConfig}), read and written strictly by {@link
 * org.tagllm.knime.engine.config.ModelConfigJson}: what we cannot run is refused naming the key, never defaulted.
 */
package org.tagllm.knime.engine.config;
