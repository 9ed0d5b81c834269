/**
 * What the project makes itself so that a fresh machine can run everything without downloads: a tiny random-weight
 * LLaMA ({@link org.tagllm.knime.engine.demo.DemoModel}), small molecules from a seeded grammar with properties CDK
 * computes ({@link org.tagllm.knime.engine.demo.DemoMolecules}) and the data files of the quickstart
 * ({@link org.tagllm.knime.engine.demo.DemoData}).
 */
package org.tagllm.knime.engine.demo;
