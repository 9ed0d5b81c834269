/**
 * The single doorway to DJL's PyTorch engine: started offline by {@link org.tagllm.knime.engine.runtime.DjlRuntime},
 * and arrays whose memory libtorch owns ({@link org.tagllm.knime.engine.runtime.OwnedArrays}).
 */
package org.tagllm.knime.engine.runtime;
