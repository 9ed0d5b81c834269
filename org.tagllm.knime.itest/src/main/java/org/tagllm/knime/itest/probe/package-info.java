/**
 * Probes run inside the Equinox integration test: the engine and a node chain through the bundles as KNIME would load
 * them, each in a scratch folder removed afterwards.
 */
package org.tagllm.knime.itest.probe;
