/**
 * The tag-model port: its content ({@link org.tagllm.knime.nodes.port.TagModelPortContent}: a tag bank, the base
 * model folder, training curves and metrics; what the glue stores in a FileStore) and its spec
 * ({@link org.tagllm.knime.nodes.port.TagModelSpec}: what downstream nodes configure against before execution).
 */
package org.tagllm.knime.nodes.port;
