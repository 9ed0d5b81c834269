/** What a model will take before it is loaded, and the refusal when that is more than the device has. */
package org.tagllm.knime.engine.memory;
