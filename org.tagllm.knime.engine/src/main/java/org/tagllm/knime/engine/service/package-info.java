/**
 * One shared engine service: jobs (stage 1, stages 2/3, prediction, composition) are submitted to a
 * {@link org.tagllm.knime.engine.service.TagEngineService}, queued per device, run on a small thread pool against
 * models held once in a reference-counted {@link org.tagllm.knime.engine.service.ModelCache}, and can be cancelled.
 * Training is exclusive on its device; predictions share it. Free of KNIME and OSGi types, so the KNIME nodes, the
 * CLI and tests use the same core.
 */
package org.tagllm.knime.engine.service;
