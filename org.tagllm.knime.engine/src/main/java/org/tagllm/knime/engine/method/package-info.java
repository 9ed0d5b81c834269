/**
 * The Tag-LLM method's stages as whole runs: stage 1 learns domain tags from unlabelled text
 * ({@link org.tagllm.knime.engine.method.DomainPretraining}); stages 2 and 3 learn a function tag and its head on
 * labelled data ({@link org.tagllm.knime.engine.method.FunctionTraining}); a predictor applies a composed bank
 * ({@link org.tagllm.knime.engine.method.TagPredictor}). Each run reads its data through the data layer, trains through
 * the generic trainer and leaves a tag bank.
 */
package org.tagllm.knime.engine.method;
