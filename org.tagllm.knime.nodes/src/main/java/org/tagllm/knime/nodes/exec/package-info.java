/**
 * How a node runs: the {@link org.tagllm.knime.nodes.exec.NodeProgress} a node reports to and polls for
 * cancellation (KNIME's ExecutionContext behind it), the exceptions a node throws, and
 * {@link org.tagllm.knime.nodes.exec.EngineJobs}, which runs one engine job with progress and cancellation wired
 * through.
 */
package org.tagllm.knime.nodes.exec;
