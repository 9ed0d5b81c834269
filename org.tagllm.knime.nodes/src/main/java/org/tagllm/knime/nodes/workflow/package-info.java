/**
 * Workflows without KNIME: a JSON file lists nodes (the four Tag-LLM nodes and a few standard KNIME nodes written
 * here as small test scaffolding), their settings and their connections, and {@link
 * org.tagllm.knime.nodes.workflow.WorkflowRunner} configures every node, then executes them in dependency order
 * through a {@link org.tagllm.knime.engine.service.TagEngineService}, as KNIME would. CI runs the files in
 * {@code test-workflows/} through it; {@code tagllm workflow FILE} runs one from the command line.
 *
 * <p>The standard nodes, one file each, do what KNIME's nodes of the same name do for their settings and nothing more
 * ({@code CsvReader}, {@code LineReader}, {@code RowFilter}, {@code RowSampler}, {@code Partitioning}, {@code Joiner},
 * {@code Concatenate}); their settings are checked at configure, as in KNIME.
 */
package org.tagllm.knime.nodes.workflow;
