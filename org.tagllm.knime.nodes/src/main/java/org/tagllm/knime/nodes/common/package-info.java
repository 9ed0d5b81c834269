/**
 * What several nodes share: training hyperparameters, how an input column's kind and tokenisation are chosen, the
 * output spec and output of a node with a tag-model port and a metrics table, and the metrics table itself.
 */
package org.tagllm.knime.nodes.common;
