/**
 * The Tag-LLM preferences (KNIME's Preferences › KNIME › Tag-LLM): their defaults, their checks, how they are stored
 * as strings in KNIME's preference store, and what they configure (the engine component, the model lookup).
 */
package org.tagllm.knime.nodes.prefs;
