/**
 * Measurements of the machine and the engine on it: matmul throughput, decoder forward/backward throughput, the shared
 * service under concurrent jobs, and the process's peak resident memory.
 */
package org.tagllm.knime.engine.bench;
