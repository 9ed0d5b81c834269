/**
 * Evidence: the full method, its baselines and its ablations compared on a task by one protocol — same frozen model,
 * same rows and split, learning rate and epochs chosen on the validation split for every method alike, repeated
 * seeds summarised as mean ± standard deviation.
 */
package org.tagllm.knime.engine.evaluate;
