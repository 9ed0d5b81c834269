/**
 * Where base models live, portably: a model location as the user writes it (a local folder, or a {@code knime://}
 * URL relative to the workflow or the mount point), resolved at execution on the machine that runs the node
 * ({@link org.tagllm.knime.nodes.model.ModelLocation}); and, when it does not resolve there, the model found by its
 * fingerprint in the folders a preference lists ({@link org.tagllm.knime.nodes.model.ModelLookup}).
 */
package org.tagllm.knime.nodes.model;
