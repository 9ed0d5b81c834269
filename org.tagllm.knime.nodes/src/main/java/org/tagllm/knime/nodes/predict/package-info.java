/** The Tag-LLM Predictor node: a tag model's function tag and head applied to a table, row by row. */
package org.tagllm.knime.nodes.predict;
