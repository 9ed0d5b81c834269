/**
 * The engine's entry: a local model loaded for use ({@link org.tagllm.knime.engine.LocalModel}) and the two exceptions
 * every layer raises for the user: a model we refuse to load ({@link org.tagllm.knime.engine.ModelFormatException}) and
 * input we refuse ({@link org.tagllm.knime.engine.UserInputException}). The work itself lives in the sub-packages.
 */
package org.tagllm.knime.engine;
