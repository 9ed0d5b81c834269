/**
 * The Tag Trainer node (stages 2 and 3): a function tag and its head learned on a labelled table behind the domain
 * tags of upstream tag-model ports.
 */
package org.tagllm.knime.nodes.train;
