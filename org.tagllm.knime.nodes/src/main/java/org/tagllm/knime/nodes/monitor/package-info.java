/**
 * The learning monitor of the training nodes: the training loss of every step and the validation score of every epoch
 * while a node executes, for a live chart; and the user's "stop", which ends the training as early stopping does,
 * keeping the best state. KNIME-free; the glue draws it.
 */
package org.tagllm.knime.nodes.monitor;
